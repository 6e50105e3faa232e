/**
 * The store contract against a real CloudBase environment, when TCB_ENV_ID,
 * TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are set; skipped, saying so, otherwise (the
 * recorded run in test/store/cloudbase/ covers the adapter without network).
 *
 * Use an environment made for testing: the contract's collections (contract_items, …) are
 * created with their indexes through `@cloudbase/manager-node` — from `toCloudbaseIndexes`, as the
 * deployment does — and emptied before every test.
 */
import tcb from '@cloudbase/node-sdk';
import CloudBaseManager from '@cloudbase/manager-node';
import { createCloudbaseStore, toCloudbaseIndexes } from '../../functions/store/cloudbase.store';
import type { CollectionSpec } from '../../functions/store/store.port';
import { CONTRACT_COLLECTIONS, describeStoreContract } from './store.contract';

const envId = process.env.TCB_ENV_ID ?? '';
const secretId = process.env.TENCENTCLOUD_SECRETID ?? '';
const secretKey = process.env.TENCENTCLOUD_SECRETKEY ?? '';
const configured = envId !== '' && secretId !== '' && secretKey !== '';

if (!configured) {
  describe.skip('store contract: CloudBase real environment — skipped: TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are not all set', () => {
    it('runs the whole store contract against that environment', () => {
      expect(configured).toBe(true);
    });
  });
} else {
  // Every request crosses the internet; the 10,000-document test alone takes minutes.
  jest.setTimeout(15 * 60_000);
  const db = tcb.init({ env: envId, secretId, secretKey }).database();
  const _ = db.command;

  /** Creates the collections and any missing declared index (never drops one). */
  async function ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    const manager = new CloudBaseManager({ envId, secretId, secretKey });
    for (const spec of specs) {
      await manager.database.createCollectionIfNotExists(spec.name);
      for (const index of toCloudbaseIndexes(spec)) {
        const exists = await manager.database.checkIndexExists(spec.name, index.IndexName);
        if (exists.Exists) continue;
        await manager.database.updateCollection(spec.name, {
          CreateIndexes: [
            {
              IndexName: index.IndexName,
              MgoKeySchema: {
                MgoIndexKeys: [...index.MgoKeySchema.MgoIndexKeys],
                MgoIsUnique: index.MgoKeySchema.MgoIsUnique,
              },
            },
          ],
        });
      }
    }
  }

  /** Empties a test collection. A where-remove is exactly what the store never does; here it is the point. */
  async function empty(name: string): Promise<void> {
    const all = db.collection(name).where({ _id: _.exists(true) });
    for (let round = 0; round < 100; round += 1) {
      const { total } = (await all.count()) as { total: number };
      if (total === 0) return;
      await all.remove();
    }
    throw new Error(`could not empty ${name}`);
  }

  beforeAll(() => ensureCollections(CONTRACT_COLLECTIONS));

  describeStoreContract(
    `CloudBase environment ${envId}`,
    async (collections) => {
      for (const spec of collections) await empty(spec.name);
      return { store: createCloudbaseStore(db, { collections }), cleanup: async () => undefined };
    },
    { propertyRuns: 5 },
  );
}
