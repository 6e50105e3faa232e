/**
 * The host under load as a real process: kill -9 in the middle of a burst of submissions,
 * then a restart on the same folder — every acknowledged concern, booking and clue is there
 * once (retried requests, same requestId, make no second record), and every push of an
 * acknowledged change (concern received, booking made) reaches the villager's live stream (which reconnects with its
 * Last-Event-ID as EventSource does) exactly once after the page drops a repeated event id.
 * SIGTERM under load drains: requests in flight finish, no acknowledged write is lost, exit 0.
 * Each phase is bounded in time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page, backlogOf, freeSlots, load, signIn, stored, submit } from '../support/host-load';
import type { HostProcess } from '../support/host-process';
import { startHost, waitFor } from '../support/host-process';

jest.setTimeout(90_000);

let dataDir: string;
const hosts: HostProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hehe-kill-'));
});
afterEach(async () => {
  for (const host of hosts.splice(0)) {
    if (host.proc.exitCode === null && host.proc.signalCode === null) {
      host.proc.kill('SIGKILL');
      await host.exited;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(): Promise<{ host: HostProcess; url: string }> {
  const host = await startHost({ DATA_DIR: dataDir });
  hosts.push(host);
  return { host, url: await host.url(30_000) };
}

test('kill -9 mid-load, restart: every acknowledged write once, every push shown once', async () => {
  const first = await boot();
  const cookie = await signIn(first.url);
  const page = new Page();
  await page.open(first.url, cookie);

  const burst = load(first.url, cookie, 6, await freeSlots(first.url, cookie));
  await waitFor('acknowledged submissions', 20_000, () => (burst.acked() >= 30 ? true : undefined));
  first.host.proc.kill('SIGKILL');
  expect((await first.host.exited).signal).toBe('SIGKILL');
  await burst.stop();
  page.close();
  const ackedBefore = burst.sent.filter((s) => s.id !== undefined);
  expect(ackedBefore.length).toBeGreaterThanOrEqual(30);

  const second = await boot();
  const cookie2 = await signIn(second.url);
  await page.open(second.url, cookie2);
  // Every request the kill cut off is tried again with its requestId, as the app's outbox does.
  for (const item of burst.sent) {
    const id = await submit(second.url, cookie2, item);
    expect(id).not.toBeNull();
    if (item.id !== undefined) expect(id).toBe(item.id); // a retry answers the first result
    item.id = id!;
  }
  await waitFor('the outbox to drain', 20_000, async () =>
    (await backlogOf(second.url)) === 0 ? true : undefined,
  );
  const expectedPushes = burst.sent.filter((s) => s.kind !== 'clue').length;
  await waitFor('every push on the page', 20_000, () =>
    page.shown().size >= expectedPushes ? true : undefined,
  );
  page.close();
  second.host.proc.kill('SIGTERM');
  expect((await second.host.exited).code).toBe(0);

  const db = await stored(dataDir);
  const concerns = burst.sent.filter((s) => s.kind === 'concern');
  const bookings = burst.sent.filter((s) => s.kind === 'booking');
  const clues = burst.sent.filter((s) => s.kind === 'clue');
  expect(
    bookings.filter((s) => s.id !== undefined && ackedBefore.includes(s)).length,
  ).toBeGreaterThan(0);
  // Each request made exactly one record, and nothing else was made.
  expect(new Set(concerns.map((s) => s.id)).size).toBe(concerns.length);
  expect(db.concerns.size).toBe(concerns.length);
  for (const s of concerns) expect(db.concerns.get(s.id!)).toBe(1);
  expect(db.bookings.size).toBe(bookings.length);
  for (const s of bookings) expect(db.bookings.get(s.id!)).toBe(1);
  expect(db.clues.size).toBe(clues.length);
  for (const s of clues) expect(db.clues.get(s.id!)).toBe(1);
  // Every push of those concerns and bookings was shown, once each, and nothing else.
  expect(db.pushes.size).toBe(concerns.length + bookings.length);
  expect(page.shown()).toEqual(db.pushes);
});

test('SIGTERM under load drains the requests in flight and loses no acknowledged write', async () => {
  const { host, url } = await boot();
  const cookie = await signIn(url);
  const burst = load(url, cookie, 6, await freeSlots(url, cookie));
  await waitFor('acknowledged submissions', 20_000, () => (burst.acked() >= 20 ? true : undefined));
  host.proc.kill('SIGTERM');
  const exit = await host.exited;
  await burst.stop();
  expect(exit).toEqual({ code: 0, signal: null });
  expect(host.stdout()).toContain('"msg":"stopped"');

  const db = await stored(dataDir);
  const acked = burst.sent.filter((s) => s.id !== undefined);
  expect(acked.length).toBeGreaterThanOrEqual(20);
  expect(acked.some((s) => s.kind === 'booking')).toBe(true);
  for (const s of acked) {
    const records = { concern: db.concerns, booking: db.bookings, clue: db.clues }[s.kind];
    expect(records.get(s.id!)).toBe(1);
  }
});
