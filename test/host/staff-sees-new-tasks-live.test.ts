/**
 * A staff member with the page open sees each new task as it is pushed: the live inbox
 * streams `event: task` over SSE to that account only, with only what the page shows.
 * Real sockets on 127.0.0.1 (an event stream cannot be injected), every wait bounded.
 */
import type { IncomingMessage } from 'node:http';
import { get } from 'node:http';
import type { PushMessage } from '../../functions/runtime/ports';
import { notify } from '../../functions/runtime/outbox';
import { dispatch } from '../../functions/runtime/dispatch';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import { OUTBOX } from '../../functions/store/collections';
import { runTransaction } from '../../functions/store/store.raw';
import { toTaskEventView } from '../../functions/host/events.routes';
import type { HostFixture } from './host.fixture';
import { createHostFixture, signIn } from './host.fixture';

let f: HostFixture;
let base: string;

beforeEach(async () => {
  f = await createHostFixture({ sseHeartbeatMs: 40 });
  const started = await f.host.start(0, '127.0.0.1');
  base = `http://127.0.0.1:${started.port}`;
});
afterEach(async () => {
  await f.dispose();
});

interface Stream {
  readonly res: IncomingMessage;
  /** Everything received so far. */
  text(): string;
  /** Waits until the received text satisfies `done` (at most 3 s). */
  until(done: (text: string) => boolean): Promise<string>;
  close(): void;
}

function openStream(cookie: string | null, lastEventId?: string): Promise<Stream> {
  const headers: Record<string, string> = {};
  if (cookie !== null) headers.cookie = cookie;
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  return new Promise((resolve, reject) => {
    const req = get(`${base}/api/events`, { headers }, (res) => {
      let received = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (received += chunk));
      resolve({
        res,
        text: () => received,
        until: (done) =>
          new Promise((ok, fail) => {
            const started = Date.now();
            const poll = () => {
              if (done(received)) return ok(received);
              if (Date.now() - started > 3000)
                return fail(new Error(`timed out; got: ${received}`));
              setTimeout(poll, 10);
            };
            poll();
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

function message(recipientId: string, title: string): PushMessage {
  return {
    outboxId: `out_${title}`,
    townId: 'town-a',
    recipientId,
    template: 'task.handle',
    title,
    body: '东关前村有一件新的说事，请尽快处理',
    link: { type: 'task', id: `task_${title}` },
  };
}

function events(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').includes('event: task'))
    .map((block) =>
      JSON.parse(
        block
          .split('\n')
          .find((line) => line.startsWith('data: '))!
          .replace(/^data: /, ''),
      ),
    );
}

test('each person receives their own pushes and nobody else’s', async () => {
  const { villager, centre } = f.town.people;
  const centreStream = await openStream(await signIn(f.host, centre.phone));
  const villagerStream = await openStream(await signIn(f.host, villager.phone));
  expect(centreStream.res.statusCode).toBe(200);
  expect(centreStream.res.headers['content-type']).toMatch(/^text\/event-stream/);
  await centreStream.until((t) => t.includes(': connected'));
  await villagerStream.until((t) => t.includes(': connected'));

  const sent = await f.runtime.push.send(message(centre._id, '新任务一'));
  expect(sent).toEqual({ ok: true, value: { delivered: true } });
  await f.runtime.push.send(message(villager._id, '给村民的'));

  await centreStream.until((t) => events(t).length === 1);
  await villagerStream.until((t) => events(t).length === 1);
  expect(events(centreStream.text())).toEqual([
    {
      outboxId: 'out_新任务一',
      title: '新任务一',
      body: '东关前村有一件新的说事，请尽快处理',
      link: { type: 'task', id: 'task_新任务一' },
    },
  ]);
  // Only the whitelisted view: no recipient, town or template.
  expect(centreStream.text()).not.toMatch(/recipientId|townId|template/);
  expect(events(villagerStream.text())).toEqual([expect.objectContaining({ title: '给村民的' })]);
  centreStream.close();
  villagerStream.close();
});

test('a quiet stream gets heartbeats, and closing it unsubscribes', async () => {
  const { centre } = f.town.people;
  const stream = await openStream(await signIn(f.host, centre.phone));
  await stream.until((t) => t.includes(': ping'));
  stream.close();
  const started = Date.now();
  let delivered = true;
  while (delivered && Date.now() - started < 3000) {
    await new Promise((r) => setTimeout(r, 10));
    const sent = await f.runtime.push.send(message(centre._id, '无人'));
    delivered = sent.ok && sent.value.delivered;
  }
  expect(delivered).toBe(false);
});

test('an anonymous visitor gets 401, not a stream', async () => {
  const stream = await openStream(null);
  await stream.until((t) => t.endsWith('}'));
  expect(stream.res.statusCode).toBe(401);
  expect(JSON.parse(stream.text())).toMatchObject({
    ok: false,
    error: { code: 'UNAUTHENTICATED' },
  });
});

test('stopping the host ends open streams instead of waiting for them', async () => {
  const stream = await openStream(await signIn(f.host, f.town.people.centre.phone));
  await stream.until((t) => t.includes(': connected'));
  const ended = new Promise((r) => stream.res.on('close', r));
  await f.host.stop();
  await ended;
  expect(stream.res.complete).toBe(true);
});

test('a notice without a link keeps link null in its view', () => {
  expect(toTaskEventView({ ...message('a', '无链接'), link: null })).toEqual({
    outboxId: 'out_无链接',
    title: '无链接',
    body: '东关前村有一件新的说事，请尽快处理',
    link: null,
  });
});

/** Queues a notice for `recipientId` the way a state change does; answers its outbox id. */
async function queueNotice(recipientId: string, title: string): Promise<string> {
  const queued = await runTransaction(f.runtime.ctx.store, (tx) =>
    notify(f.runtime.ctx, tx, {
      townId: f.town.townId,
      recipientId,
      template: 'task.handle_concern',
      title,
      body: '东关前村有一件新的说事，请尽快处理',
      link: { type: 'task', id: `task_${title}` },
    }),
  );
  if (!queued.ok) throw new Error('queue failed');
  return queued.value;
}

async function deliverNow(): Promise<void> {
  const reply = await dispatch(
    f.runtime.ctx,
    outboxFunction,
    { action: 'deliver', data: {} },
    { kind: 'timer', townId: f.town.townId },
  );
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
}

function eventIds(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.split('\n').includes('event: task'))
    .map((block) => block.split('\n')[0]!.replace(/^id: /, ''));
}

test('a page that reconnects with its Last-Event-ID gets the pushes it missed, in order', async () => {
  const { centre, villager } = f.town.people;
  const cookie = await signIn(f.host, centre.phone);
  const first = await openStream(cookie);
  await first.until((t) => t.includes(': connected'));
  const seen = await queueNotice(centre._id, '在线时的');
  await deliverNow();
  await first.until((t) => eventIds(t).length === 1);
  expect(eventIds(first.text())).toEqual([seen]);
  expect(await OUTBOX.get(f.runtime.ctx.store, seen)).toMatchObject({ delivered: true });
  first.close();
  await new Promise((r) => setTimeout(r, 50));

  // Sent while the page was away: nobody received them live.
  const missed = [
    await queueNotice(centre._id, '离线时一'),
    await queueNotice(centre._id, '离线时二'),
  ];
  const othersPush = await queueNotice(villager._id, '给别人的');
  await deliverNow();
  for (const id of missed) {
    expect(await OUTBOX.get(f.runtime.ctx.store, id)).toMatchObject({
      status: 'sent',
      delivered: false,
    });
  }

  const back = await openStream(cookie, seen);
  await back.until((t) => eventIds(t).length === 2);
  expect(eventIds(back.text())).toEqual(missed);
  expect(back.text()).not.toContain('给别人的');
  for (const id of missed) {
    const entry = await OUTBOX.get(f.runtime.ctx.store, id);
    expect(entry).toMatchObject({ delivered: true });
    expect(entry?.replayedAt).toBeDefined();
  }
  back.close();

  // Another person's event id replays nothing: a page never sees someone else's pushes.
  const nosy = await openStream(cookie, othersPush);
  await nosy.until((t) => t.includes(': connected'));
  await new Promise((r) => setTimeout(r, 100));
  expect(eventIds(nosy.text())).toEqual([]);
  nosy.close();
});

describe('a stream lives no longer than its session', () => {
  const ended = (stream: Stream) =>
    new Promise<void>((resolve, reject) => {
      if (stream.res.complete) return resolve();
      const timer = setTimeout(() => reject(new Error('stream still open')), 3000);
      stream.res.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  test('signing out ends the stream at once', async () => {
    const cookie = await signIn(f.host, f.town.people.centre.phone);
    const stream = await openStream(cookie);
    await stream.until((t) => t.includes(': connected'));
    const out = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(200);
    await ended(stream);
    const sent = await f.runtime.push.send(message(f.town.people.centre._id, '登出之后'));
    expect(sent).toEqual({ ok: true, value: { delivered: false } });
    expect(events(stream.text())).toEqual([]);
  });

  test('a password change ends the streams of the other sessions', async () => {
    const { centre } = f.town.people;
    const here = await signIn(f.host, centre.phone);
    const elsewhere = await openStream(await signIn(f.host, centre.phone));
    await elsewhere.until((t) => t.includes(': connected'));
    const changed = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: 'xiaodian-2025', password: 'a-new-strong-passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    await ended(elsewhere);
    expect(events(elsewhere.text())).toEqual([]);
  });

  test('a session gone from the store hears nothing more: each event checks it again', async () => {
    const { centre } = f.town.people;
    const stream = await openStream(await signIn(f.host, centre.phone));
    await stream.until((t) => t.includes(': connected'));
    // Removed behind the stream's back (as a disabled account or an expired session would be).
    const sessions = await f.runtime.store.query<{ accountId: string }>('sessions', { limit: 10 });
    for (const s of sessions.docs) await f.runtime.store.remove('sessions', s._id);
    await f.runtime.push.send(message(centre._id, '会话已失效'));
    await ended(stream);
    expect(events(stream.text())).toEqual([]);
  });

  test('an account keeps at most three streams: a fourth ends the oldest', async () => {
    const cookie = await signIn(f.host, f.town.people.centre.phone);
    const streams: Stream[] = [];
    for (let i = 0; i < 4; i += 1) {
      const s = await openStream(cookie);
      await s.until((t) => t.includes(': connected'));
      streams.push(s);
    }
    await ended(streams[0]!);
    await f.runtime.push.send(message(f.town.people.centre._id, '第四个'));
    for (const s of streams.slice(1)) await s.until((t) => events(t).length === 1);
    expect(events(streams[0]!.text())).toEqual([]);
    for (const s of streams) s.close();
  });
});
