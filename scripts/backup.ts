/**
 * `npm run backup [-- --out <file.tar.gz>]`: a backup of the data folder (DATA_DIR, default
 * ./data) while the host runs: the database as a consistent snapshot, the cookie secret and
 * the photos, with a manifest of checksums (functions/host/backup.ts). Without --out it goes
 * to `<DATA_DIR>/backups/hehe-backup-<time>.tar.gz`. Prints the archive's path.
 */
import { join, resolve } from 'node:path';
import packageJson from '../package.json';
import { backupName, createBackup } from '../functions/host/backup';
import { BACKUPS_DIR } from '../functions/host/data-folder';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = resolve(process.env.DATA_DIR?.trim() || './data');
  const at = args.indexOf('--out');
  const out =
    at >= 0 ? resolve(args[at + 1] ?? '') : join(dataDir, BACKUPS_DIR, backupName(new Date()));
  const done = await createBackup(dataDir, out, packageJson.version);
  process.stdout.write(`${done.path}\n`);
  process.stderr.write(
    `备份完成 / backup written: ${done.manifest.files.length} files, snapshot at ${done.manifest.snapshotAt}\n`,
  );
}

main().catch((thrown: unknown) => {
  process.stderr.write(
    `备份失败 / backup failed: ${thrown instanceof Error ? thrown.message : String(thrown)}\n`,
  );
  process.exitCode = 1;
});
