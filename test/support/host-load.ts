/**
 * Load against a host process for the durability tests: a signed-in demo villager submitting
 * concerns, mediation bookings (each a free slot of the sample rooms, once) and anonymous
 * clues (each with its own requestId) from a few loops, her live page
 * (event ids, reconnecting with Last-Event-ID), and a reader of the stopped host's database.
 */
import type { IncomingMessage } from 'node:http';
import { get } from 'node:http';
import { join } from 'node:path';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import { DEMO_PASSWORD } from '../../functions/host/sample/seed';

export const VILLAGER = '13800009001';
export const PLACE = 'grid:xiaodian-sample:XD-01-01';

export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: VILLAGER, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export type Kind = 'concern' | 'clue' | 'booking';
/** A free slot of a sample room, booked by one request only. */
export interface FreeSlot {
  readonly roomId: string;
  readonly start: string;
}
export interface Sent {
  readonly kind: Kind;
  readonly requestId: string;
  /** Its number in the load, which its words carry: a retry sends the very same body. */
  readonly n: number;
  /** The slot a booking asks for (the same again when it is retried). */
  readonly slot?: FreeSlot;
  /** The record id of an acknowledged reply. */
  id?: string;
}

async function call<T>(url: string, cookie: string, fn: string, action: string, data: unknown) {
  const res = await fetch(`${url}/api/fn/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ action, data }),
  });
  const reply = (await res.json()) as { ok: boolean; data: T };
  if (!reply.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** The free slots of the rooms suggested for a neighbours' dispute at PLACE, the next month. */
export async function freeSlots(url: string, cookie: string): Promise<FreeSlot[]> {
  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const suggested = await call<{ rooms: { room: { id: string } }[] }>(
    url,
    cookie,
    'mediation',
    'suggestRooms',
    { disputeType: 'neighbour', gridNodeId: PLACE },
  );
  const slots: FreeSlot[] = [];
  for (const { room } of suggested.rooms) {
    const free = await call<{ slots: { start: string }[] }>(url, cookie, 'mediation', 'listSlots', {
      roomId: room.id,
      from: day(1),
      to: day(31),
    });
    slots.push(...free.slots.map((s) => ({ roomId: room.id, start: s.start })));
  }
  return slots;
}

export function body(kind: Kind, requestId: string, n: number, slot?: FreeSlot): unknown {
  if (kind === 'booking') {
    return {
      action: 'book',
      requestId,
      data: {
        roomId: slot!.roomId,
        slotStart: slot!.start,
        applicant: { name: '王秀兰', phone: '13900000001' },
        parties: [{ name: '李大山', relation: '邻居' }],
        disputeType: 'neighbour',
        summary: `两家之间的排水沟被堵，第${n}次申请调解`,
        consent: true,
      },
    };
  }
  if (kind === 'concern') {
    return {
      action: 'submit',
      requestId,
      data: {
        kind: 'help',
        topic: 'other',
        text: `村东头的路灯坏了，第${n}次反映，晚上走路看不见`,
        place: { gridNodeId: PLACE, text: '村东头大槐树旁' },
      },
    };
  }
  return {
    action: 'submit',
    requestId,
    data: {
      domain: 'ecology_resources',
      seen: `河边有个厂子晚上往河里排黑水，第${n}次看到，鱼都死了`,
      place: { text: '王家庄村东小河桥下', gridNodeId: PLACE },
      when: { date: '2025-11-15', time: '21:30', ongoing: true },
      photos: [],
      reporter: { kind: 'anonymous' },
    },
  };
}

/** One call over HTTP; answers the record id when acknowledged, null otherwise. */
export async function submit(url: string, cookie: string, sent: Sent): Promise<string | null> {
  try {
    const fn = sent.kind === 'booking' ? 'mediation' : sent.kind;
    const res = await fetch(`${url}/api/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body(sent.kind, sent.requestId, sent.n, sent.slot)),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) {
      if (process.env.DEBUG_KILL_TEST) console.error(res.status, await res.text());
      return null;
    }
    const reply = (await res.json()) as {
      ok: boolean;
      data: { id?: string; trackingCode?: string };
    };
    // A clue answers its tracking code (shown with dashes), a concern and a booking its id.
    return reply.data.id ?? reply.data.trackingCode?.replace(/-/g, '') ?? null;
  } catch {
    return null; // the connection died with the process
  }
}

/**
 * Submits from `workers` loops until `stop()`; every request is remembered, acked or not.
 * Every fourth is a clue, every fourth a booking of the next of `slots` (a concern once they
 * are used up), the rest concerns.
 */
export function load(url: string, cookie: string, workers: number, slots: readonly FreeSlot[]) {
  const sent: Sent[] = [];
  const free = [...slots];
  let stopped = false;
  let n = 0;
  const loops = Array.from({ length: workers }, async (_, w) => {
    while (!stopped) {
      n += 1;
      const requestId = `request-${w}-${String(n).padStart(4, '0')}`;
      const slot = n % 4 === 2 ? free.shift() : undefined;
      const item: Sent =
        slot !== undefined
          ? { kind: 'booking', requestId, n, slot }
          : { kind: n % 4 === 0 ? 'clue' : 'concern', requestId, n };
      sent.push(item);
      const id = await submit(url, cookie, item);
      if (id !== null) item.id = id;
      else if (!stopped) await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    sent,
    acked: () => sent.filter((s) => s.id !== undefined).length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** A live stream as EventSource keeps it: every event id seen, reconnecting with the last. */
export class Page {
  readonly ids: string[] = [];
  private res: IncomingMessage | null = null;
  private buffer = '';

  open(url: string, cookie: string): Promise<void> {
    const last = this.ids.at(-1);
    return new Promise((resolve, reject) => {
      const req = get(
        `${url}/api/events`,
        { headers: { cookie, ...(last === undefined ? {} : { 'last-event-id': last }) } },
        (res) => {
          this.res = res;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            this.buffer += chunk;
            const blocks = this.buffer.split('\n\n');
            this.buffer = blocks.pop() ?? '';
            for (const block of blocks) {
              const lines = block.split('\n');
              if (!lines.includes('event: task')) continue;
              const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
              if (id !== undefined) this.ids.push(id);
            }
          });
          res.on('error', () => undefined);
          resolve();
        },
      );
      req.on('error', reject);
    });
  }

  close(): void {
    this.res?.destroy();
  }

  /** What the page shows: each id once. */
  shown(): Set<string> {
    return new Set(this.ids);
  }
}

export async function backlogOf(url: string): Promise<number> {
  const res = await fetch(`${url}/api/health`);
  const health = (await res.json()) as { data: { outbox: { backlog: number } } };
  return health.data.outbox.backlog;
}

/** Reads the stopped host's database directly. */
export async function stored(dataDir: string): Promise<{
  concerns: Map<string, number>;
  bookings: Map<string, number>;
  clues: Map<string, number>;
  /** Pushes to the villager of what she sent: each concern received, each booking made. */
  pushes: Set<string>;
}> {
  const store = openSqliteStore({ path: join(dataDir, 'hehe.sqlite') });
  const ids = async (collection: string, field = '_id') => {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { docs: Record<string, unknown>[]; nextCursor: string | null } =
        await store.query(collection, { limit: 1000, cursor });
      out.push(...page.docs.map((d) => String(d[field])));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  };
  const count = (list: string[]) => {
    const m = new Map<string, number>();
    for (const id of list) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  };
  const reporter = (await store.get<{ accountId: string }>('account_keys', `phone:${VILLAGER}`))!
    .accountId;
  const outbox = await store.query<{ recipientId: string; template: string }>('outbox', {
    where: { recipientId: reporter, createdAt: { gte: '' } },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 1000,
  });
  const result = {
    concerns: count(await ids('concerns')),
    bookings: count(await ids('bookings')),
    clues: count(await ids('clues', 'trackingCode')),
    pushes: new Set(
      outbox.docs
        .filter((d) => d.template === 'concern.received' || d.template === 'mediation.booked')
        .map((d) => d._id),
    ),
  };
  await store.close();
  return result;
}
