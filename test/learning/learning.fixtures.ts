/**
 * Fixtures for the legal-education scenarios: extra villagers (household members) and a
 * lecture, validated with the shared schemas before they are stored.
 */
import type { Account } from '../../shared/account/account.schema';
import type { Lecture } from '../../shared/learning/learning.schema';
import { lectureSchema } from '../../shared/learning/learning.schema';
import type { Store, StoredDoc } from '../../functions/store/store.port';
import { accountRecord } from '../factories/town';

/** Stores a villager of `gridNodeId`, optionally in a household. */
export async function addVillager(
  store: Store,
  townId: string,
  id: string,
  name: string,
  gridNodeId: string,
  householdId?: string,
): Promise<StoredDoc<Account>> {
  const { _version: _drop, ...record } = accountRecord(
    townId,
    id,
    name,
    ['villager'],
    [gridNodeId],
    householdId === undefined ? {} : { householdId },
  );
  const stored = await store.insert<Omit<Account, '_version'>>('accounts', record);
  if (!stored.ok) throw new Error(`fixture insert failed: ${JSON.stringify(stored.error)}`);
  return stored.value as StoredDoc<Account>;
}

/** Stores a scheduled lecture starting at `startsAt` (one and a half hours long). */
export async function addLecture(
  store: Store,
  townId: string,
  id: string,
  gridNodeId: string,
  startsAt: string,
  capacity: number,
): Promise<StoredDoc<Lecture>> {
  const ends = new Date(Date.parse(startsAt) + 90 * 60_000 + 8 * 3600_000)
    .toISOString()
    .replace('Z', '+08:00');
  const { _version: _drop, ...lecture } = lectureSchema.parse({
    _id: id,
    townId,
    createdAt: '2025-11-01T09:00:00.000+08:00',
    updatedAt: '2025-11-01T09:00:00.000+08:00',
    _version: 0,
    title: '法德讲堂：说说身边的法',
    speaker: '镇法律顾问',
    startsAt,
    endsAt: ends,
    place: '镇综治中心',
    gridNodeId,
    capacity,
    status: 'scheduled',
  });
  const stored = await store.insert<Omit<Lecture, '_version'>>('lectures', lecture);
  if (!stored.ok) throw new Error(`fixture insert failed: ${JSON.stringify(stored.error)}`);
  return stored.value as StoredDoc<Lecture>;
}
