/**
 * The bench's baselines (基准): the least a server on this machine can do for each kind of
 * request, in its own process as the host runs in its own, so a figure of the host is read as
 * a share of what the machine gives. `tsx test/bench/baseline-server.ts <mode> <dir>` prints
 * `{"port": n}` on stdout once it listens:
 * - `echo`: fastify answering a POSTed JSON body with itself;
 * - `insert`: fastify + better-sqlite3 (WAL, synchronous=FULL, as the host) inserting the
 *   POSTed document as one row, in its own transaction;
 * - `read`: fastify + better-sqlite3 reading the 20 newest of 50,000 ~1 KB documents of one
 *   assignee through an index and answering them parsed, as a list page does.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const DOC = '村东头排水沟堵塞，下雨后积水漫进院子，已经影响三户人家出行，希望尽快清理。'.repeat(8);

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (dir === undefined) throw new Error('usage: baseline-server.ts echo|insert|read <dir>');
  const app = Fastify({ logger: false });
  if (mode === 'echo') {
    app.post('/echo', async (request) => ({ ok: true, data: request.body }));
  } else if (mode === 'insert') {
    const db = new Database(join(dir, 'insert.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO docs (id, version, doc) VALUES (?, 1, ?)');
    app.post('/insert', async (request) => {
      const id = randomBytes(12).toString('hex');
      insert.run(id, JSON.stringify(request.body));
      return { ok: true, data: { id } };
    });
  } else if (mode === 'read') {
    const db = new Database(join(dir, 'read.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)');
    db.exec(
      "CREATE INDEX by_assignee ON docs (json_extract(doc, '$.assigneeId'), json_extract(doc, '$.createdAt') DESC, id DESC)",
    );
    const insert = db.prepare('INSERT INTO docs (id, version, doc) VALUES (?, 1, ?)');
    db.transaction(() => {
      for (let i = 0; i < 50_000; i += 1) {
        const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
        insert.run(
          `d${String(i).padStart(6, '0')}`,
          JSON.stringify({ assigneeId: `a${i % 50}`, createdAt: at, status: 'open', text: DOC }),
        );
      }
    })();
    const page = db.prepare(
      "SELECT id, doc FROM docs WHERE json_extract(doc, '$.assigneeId') = ? ORDER BY json_extract(doc, '$.createdAt') DESC, id DESC LIMIT 20",
    );
    let n = 0;
    app.get('/read', async () => {
      n += 1;
      const rows = page.all(`a${n % 50}`) as { id: string; doc: string }[];
      return { ok: true, data: { items: rows.map((r) => ({ id: r.id, ...JSON.parse(r.doc) })) } };
    });
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`,
  );
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((thrown: unknown) => {
  console.error(thrown);
  process.exit(1);
});
