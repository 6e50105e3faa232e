/**
 * The CloudBase services of the environment the function runs in: the database behind the
 * store port (functions/store/cloudbase.store.ts) and storage's temporary links for the file
 * port (cloudbase.files.ts). node-sdk is initialised once per cold start, for both.
 */
import type { Store } from '../../store/store.port';
import { COLLECTIONS } from '../../store/collections';
import type { TempUrlApi } from './cloudbase.files';
import type { Env } from './wx.context';
import { envIdOf } from './wx.context';

type App = TempUrlApi & { database(): unknown };
let app: Promise<App> | null = null;

/** node-sdk's app for the current environment, initialised on first use. */
export function openCloudbaseApp(env: Env): Promise<App> {
  app ??= import('@cloudbase/node-sdk').then((tcb) => {
    const envId = envIdOf(env) ?? tcb.SYMBOL_CURRENT_ENV;
    return tcb.init({ env: envId }) as unknown as App;
  });
  return app;
}

/** Opens the store on the CloudBase database of the current environment. */
export async function openCloudbaseStore(env: Env): Promise<Store> {
  const [sdk, { createCloudbaseStore }] = await Promise.all([
    openCloudbaseApp(env),
    import('../../store/cloudbase.store'),
  ]);
  const db = sdk.database() as Parameters<typeof createCloudbaseStore>[0];
  return createCloudbaseStore(db, { collections: COLLECTIONS });
}
