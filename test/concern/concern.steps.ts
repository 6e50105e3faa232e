/**
 * Shared steps for the concern scenarios: a villager's usual submission and small readers
 * of what a step left in the store (tasks, outbox, audit events).
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { VillagerConcernView } from '../../functions/concern/concern.views';
import type { OutboxRecord as OutboxEntry } from '../../functions/store/records/outbox.record';
import type { StoredDoc } from '../../functions/store/store.port';
import type { AuditEvent } from '../../shared/kernel/audit';
import type { Task } from '../../shared/task/task.schema';
import type { Harness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { AUDIT_EVENTS, OUTBOX, TASKS } from '../../functions/store/collections';

/** The street-light report most scenarios start from: a 求助 in the villager's village. */
export function streetLight(town: TestTown, extra: Record<string, unknown> = {}) {
  return {
    kind: 'help',
    topic: 'other',
    text: '村东头的路灯坏了一个星期了，晚上走路看不见',
    place: { gridNodeId: town.villages[0]![0]!._id, text: '村东头大槐树旁' },
    ...extra,
  };
}

/** Submits as the town's villager and returns the reply. */
export async function reportStreetLight(
  h: Harness,
  town: TestTown,
  extra: Record<string, unknown> = {},
): Promise<VillagerConcernView> {
  return h.ok<VillagerConcernView>(concernFunction, 'submit', streetLight(town, extra), {
    as: town.people.villager,
  });
}

/** Every task of a concern, oldest first. */
export async function tasksOf(h: Harness, concernId: string): Promise<StoredDoc<Task>[]> {
  const page = await TASKS.query(h.store, {
    where: { 'subject.type': 'concern', 'subject.id': concernId },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  return page.docs;
}

/** Every outbox entry of a town, oldest first. */
export async function outboxOf(h: Harness, townId: string): Promise<StoredDoc<OutboxEntry>[]> {
  const page = await OUTBOX.query(h.store, {
    where: { townId },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 1000,
  });
  return page.docs;
}

/** The audit events of one subject, in order. */
export async function eventsOf(
  h: Harness,
  subjectType: string,
  subjectId: string,
): Promise<StoredDoc<AuditEvent>[]> {
  const page = await AUDIT_EVENTS.query(h.store, {
    where: { subjectType, subjectId },
    orderBy: { path: 'at', order: 'asc' },
    limit: 1000,
  });
  return page.docs;
}

/** How many documents a collection holds in a town (for "nothing changed" checks). */
export async function counts(h: Harness, townId: string) {
  const [concerns, tasks, events, outbox] = await Promise.all([
    h.store.count('concerns', { townId }),
    h.store.count('tasks', {
      townId,
      status: { in: ['open', 'acknowledged', 'done', 'cancelled'] },
    }),
    h.store.count('audit_events', { townId }),
    h.store.count('outbox', { townId }),
  ]);
  return { concerns, tasks, events, outbox };
}
