/**
 * `npm run restore -- <file.tar.gz> [--verify-only]`: checks a backup archive whole (every
 * checksum of its manifest, the database's quick_check) and restores it into DATA_DIR
 * (default ./data). Refuses while the folder's host runs or when the folder already holds a
 * database: stop the host and move the old database aside first. Exit 1 on any refusal, with
 * its reason in Chinese and English.
 */
import { resolve } from 'node:path';
import { BackupRefused, restoreBackup, verifyBackup } from '../functions/host/backup';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const archive = args.find((a) => !a.startsWith('--'));
  if (archive === undefined) {
    process.stderr.write('用法 / usage: npm run restore -- <backup.tar.gz> [--verify-only]\n');
    process.exitCode = 1;
    return;
  }
  const path = resolve(archive);
  if (args.includes('--verify-only')) {
    const manifest = await verifyBackup(path);
    process.stderr.write(`备份完好 / archive verified: ${manifest.files.length} files\n`);
    return;
  }
  const dataDir = resolve(process.env.DATA_DIR?.trim() || './data');
  const manifest = await restoreBackup(path, dataDir);
  process.stderr.write(
    `已恢复到 ${dataDir} / restored into ${dataDir}: ${manifest.files.length} files, snapshot at ${manifest.snapshotAt}\n`,
  );
}

main().catch((thrown: unknown) => {
  const text =
    thrown instanceof BackupRefused
      ? `${thrown.zh}\n${thrown.en}`
      : thrown instanceof Error
        ? thrown.message
        : String(thrown);
  process.stderr.write(`恢复失败 / restore failed:\n${text}\n`);
  process.exitCode = 1;
});
