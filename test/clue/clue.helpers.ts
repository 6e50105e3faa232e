/**
 * Shared pieces of the clue (公益诉讼线索) scenarios: a clue as a villager fills it in, and
 * readers of what the store holds, so tests can prove what was (and was not) written.
 */
import type { Clue } from '../../shared/clue/clue.schema';
import type { AuditEvent } from '../../shared/kernel/audit';
import type { Task } from '../../shared/task/task.schema';
import type { DocMeta, StoredDoc } from '../../functions/store/store.port';
import type { Harness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { AUDIT_EVENTS, CLUES, OUTBOX, TASKS } from '../../functions/store/collections';
import type { Collection } from '../../functions/store/store.collection';
import type { CollectionName } from '../../functions/store/collections';

/** A river-pollution clue in the first village of the first community. */
export function clueInput(town: TestTown, over: Record<string, unknown> = {}) {
  return {
    domain: 'ecology_resources',
    seen: '河边有个厂子晚上往河里排黑水，气味很大，鱼都死了',
    place: {
      text: '东关前村村东小河桥下',
      gridNodeId: town.villages[0]![0]!._id,
      coordinates: { lat: 35.6, lng: 118.8 },
    },
    when: { date: '2025-11-15', time: '21:30', ongoing: true },
    photos: [],
    party: { name: '某化工厂' },
    reporter: { kind: 'anonymous' },
    ...over,
  };
}

export const NAMED = { kind: 'named', name: '王秀兰', phone: '13812345678' } as const;

/** Every record of a collection, parsed, in id order (small test stores only). */
export async function all<R extends DocMeta>(h: Harness, collection: Collection<R>) {
  const page = await collection.query(h.store, { limit: 1000 });
  return page.docs;
}

/** Every stored document of a collection as the store holds it (small test stores only). */
export async function rawDocs(h: Harness, collection: CollectionName): Promise<unknown[]> {
  const page = await h.store.query(collection, { limit: 1000 });
  return page.docs;
}

export async function clues(h: Harness): Promise<StoredDoc<Clue>[]> {
  return all(h, CLUES);
}

export async function tasksOf(h: Harness, clueId: string): Promise<StoredDoc<Task>[]> {
  return (await all(h, TASKS)).filter((t) => t.subject.id === clueId);
}

export async function eventsOf(h: Harness, clueId: string): Promise<StoredDoc<AuditEvent>[]> {
  return (await all(h, AUDIT_EVENTS)).filter((e) => e.subjectId === clueId);
}

export async function outboxFor(h: Harness, recipientId: string) {
  return (await all(h, OUTBOX)).filter((o) => o.recipientId === recipientId);
}

/** How many documents each collection a submission touches holds. */
export async function counts(h: Harness) {
  const names = ['clues', 'clue_codes', 'tasks', 'audit_events', 'outbox', 'idempotency'];
  const out: Record<string, number> = {};
  for (const name of names) out[name] = await h.store.count(name);
  return out;
}

/** The clue a tracking code (as shown, with dashes) belongs to. */
export async function clueByCode(h: Harness, shown: string): Promise<StoredDoc<Clue>> {
  const found = (await clues(h)).find((c) => c.trackingCode === shown.replace(/-/g, ''));
  if (found === undefined) throw new Error(`no clue with code ${shown}`);
  return found;
}
