/**
 * The real CloudBaseClient: @cloudbase/manager-node, loaded only when a deploy, info or remove
 * needs it, so the plan runs without it (and without network).
 */
import type { CloudBaseClient } from './apply';
import type { TencentCredentials } from './credentials';

export async function createManagerClient(
  target: { readonly envId: string; readonly region: string },
  credentials: TencentCredentials,
): Promise<CloudBaseClient> {
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  // `new`, not `CloudBase.init`: init keeps one instance per process, whatever the env.
  const app = new CloudBase({
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    ...(credentials.token === undefined ? {} : { token: credentials.token }),
    envId: target.envId,
    region: target.region,
  });
  return {
    functions: app.functions,
    database: app.database,
    storage: app.storage,
    permission: app.permission,
  };
}
