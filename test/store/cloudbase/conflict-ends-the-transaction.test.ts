/**
 * A write inside a transaction that finds its document changed (updated: 0) must end that
 * transaction before the SDK runs the callback again: node-sdk's runTransaction retries a
 * DATABASE_TRANSACTION_CONFLICT without rolling back, and an abandoned transaction would keep
 * its locks until the server times it out. The fake here plays exactly that SDK behaviour.
 */
import { createCloudbaseStore } from '../../../functions/store/cloudbase.store';
import type { CloudbaseDb } from '../../../functions/store/cloudbase.sdk';
import { defineCollection } from '../../../functions/store/store.declare';

const COLLECTIONS = [defineCollection('counters', ['group'])];

function fakeDb(updatedAnswers: number[]) {
  const rollbacks: number[] = [];
  let run = 0;
  const stored = { _id: 'c1', _version: 1, group: 'a', n: 1 };
  const collection = () => ({
    doc: () => ({
      get: async () => ({ data: { ...stored } }),
      update: async () => ({ updated: updatedAnswers.shift() ?? 1 }),
      remove: async () => ({ deleted: 1 }),
      set: async () => ({ updated: 1 }),
    }),
  });
  const db = {
    command: { set: (v: unknown) => ({ $set: v }), remove: () => ({ $unset: true }) },
    collection,
    // node-sdk's runTransaction: retry a conflict without rolling back (times more runs).
    async runTransaction(callback: (t: unknown) => Promise<unknown>, times = 3) {
      for (;;) {
        run += 1;
        const mine = run;
        const transaction = {
          collection,
          rollback: async () => {
            rollbacks.push(mine);
          },
        };
        try {
          return await callback(transaction);
        } catch (e) {
          if ((e as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT' && times-- > 0) {
            continue;
          }
          throw e;
        }
      }
    },
  } as unknown as CloudbaseDb;
  return { db, rollbacks, runs: () => run };
}

describe('a conflict inside a transaction', () => {
  it('rolls back the failed run before the SDK runs the callback again', async () => {
    const fake = fakeDb([0, 1]); // the first run's write loses, the second wins
    const store = createCloudbaseStore(fake.db, {
      collections: COLLECTIONS,
      transactionRetry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
    const result = await store.transaction(async (tx) => tx.update('counters', 'c1', { n: 2 }));
    expect(result.ok).toBe(true);
    expect(fake.runs()).toBe(2);
    expect(fake.rollbacks).toEqual([1]); // only the run that conflicted, and it was ended
  });
});
