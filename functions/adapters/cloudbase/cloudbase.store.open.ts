/**
 * The CloudBase database of the environment the function runs in, behind the store port
 * (functions/store/cloudbase.store.ts). Loaded on the first call, not at cold start.
 */
import { COLLECTIONS } from '../../store/collections';
import type { Store } from '../../store/store.port';
import type { Env } from './wx.context';

/** Opens the store on `@cloudbase/node-sdk`'s database of the current environment. */
export async function openCloudbaseStore(env: Env): Promise<Store> {
  const [tcb, { createCloudbaseStore }] = await Promise.all([
    import('@cloudbase/node-sdk'),
    import('../../store/cloudbase.store'),
  ]);
  // TCB_ENV / SCF_NAMESPACE name the environment on CloudBase (wx-server-sdk reads the same).
  const envId = env.TCB_ENV || env.SCF_NAMESPACE || tcb.SYMBOL_CURRENT_ENV;
  const app = tcb.init({ env: envId });
  return createCloudbaseStore(app.database(), { collections: COLLECTIONS });
}
