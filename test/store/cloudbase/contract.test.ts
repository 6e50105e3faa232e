/**
 * The store contract against the CloudBase adapter, through the real `@cloudbase/node-sdk` with
 * its transport replaced by the recorder (recorder.ts) and a fake database behind it — no network.
 * After the contract, checks over every request the whole run sent: nothing updated or removed by
 * a condition other than `_id`, every query had an explicit limit, every transaction ended, and
 * no socket was opened.
 */
import net from 'node:net';
import { createCloudbaseStore } from '../../../functions/store/cloudbase.store';
import { describeStoreContract } from '../store.contract';
import { FakeCloudbaseDatabase } from './fake-database';
import type { SentRequest } from './fake-database';
import { decodeEjson } from './mongo';
import { connectSdkTo } from './recorder';

const backends: FakeCloudbaseDatabase[] = [];
const leftOpen: string[] = [];
const connect = jest.spyOn(net.Socket.prototype, 'connect');

afterAll(() => {
  connect.mockRestore();
});

describeStoreContract('CloudBase over node-sdk, transport recorded', async (collections) => {
  const backend = new FakeCloudbaseDatabase(collections.map((c) => c.name));
  backends.push(backend);
  const connection = connectSdkTo(backend);
  // The contract's 50 concurrent read-increment-writes on one document are worst-case
  // contention; the default retry budget (8 runs, waits up to 1 s, sized for real latency)
  // makes that check depend on timing and could lose under a loaded CI. With optimistic
  // transactions at least one contender commits per round, so 64 short rounds always settle.
  const store = createCloudbaseStore(connection.db, {
    collections,
    transactionRetry: { attempts: 64, baseDelayMs: 1, maxDelayMs: 20 },
  });
  return {
    store,
    cleanup: async () => {
      leftOpen.push(...backend.openTransactions());
      connection.disconnect();
    },
  };
});

describe('every request of the CloudBase contract run', () => {
  const all = (): SentRequest[] => backends.flatMap((b) => b.requests);
  const byAction = (action: string): SentRequest[] =>
    all().filter((r) => r.action === `database.${action}`);

  it('updated and removed only by _id (with _version at most), one document at a time', () => {
    const writes = [...byAction('modifyDocument'), ...byAction('removeDocument')];
    // Thousands of writes ran, so this says something.
    expect(byAction('modifyDocument').length).toBeGreaterThan(100);
    expect(byAction('removeDocument').length).toBeGreaterThan(5);
    for (const write of writes) {
      const query = decodeEjson(String(write.query)) as Record<string, unknown>;
      expect(typeof query._id).toBe('string');
      expect(Object.keys(query).filter((k) => k !== '_id' && k !== '_version')).toEqual([]);
      expect(write.multi).toBe(false);
      expect(write.upsert === undefined || write.upsert === false).toBe(true);
    }
  });

  it('never replaced a whole document (set) but changed named fields (merge)', () => {
    for (const write of byAction('modifyDocument')) expect(write.merge).toBe(true);
  });

  it('gave every query an explicit limit of at most 1000 and an order ending in _id', () => {
    const queries = byAction('getDocument').filter((r) => r.queryType === 'WHERE');
    expect(queries.length).toBeGreaterThan(100);
    for (const query of queries) {
      expect(Number.isInteger(query.limit)).toBe(true);
      expect(query.limit as number).toBeGreaterThanOrEqual(1);
      expect(query.limit as number).toBeLessThanOrEqual(1000);
      const order = Object.keys(decodeEjson(String(query.order)) as object);
      expect(order[order.length - 1]).toBe('_id');
    }
  });

  it('ended every transaction it started, and met (and retried) write conflicts', () => {
    expect(byAction('startTransaction').length).toBeGreaterThan(50);
    expect(leftOpen).toEqual([]);
    // The 50 concurrent increments collide: conflicts abort transactions, the retries win.
    expect(backends.reduce((n, b) => n + b.conflicts, 0)).toBeGreaterThan(0);
  });

  it('opened no socket: nothing left the process', () => {
    expect(all().length).toBeGreaterThan(1000);
    expect(connect).not.toHaveBeenCalled();
  });
});
