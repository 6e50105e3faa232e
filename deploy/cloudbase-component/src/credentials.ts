/**
 * Tencent Cloud API keys for the deploy: first the serverless-devs access (`s config add` stores
 * `SecretID`/`SecretKey`, optionally `SecurityToken`), then the environment variables
 * `TENCENTCLOUD_SECRETID`/`TENCENTCLOUD_SECRETKEY`/`TENCENTCLOUD_SESSIONTOKEN` (CI). Only a real
 * deploy, info or remove asks for them; the plan never does.
 */

export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

/** The first non-empty string among `keys` of `record`, compared without case. */
function pick(record: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const [key, value] of Object.entries(record)) {
    if (keys.includes(key.toLowerCase()) && typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

export async function resolveCredentials(
  getCredential: (() => Promise<unknown>) | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<TencentCredentials> {
  let accessError = '';
  if (getCredential !== undefined) {
    try {
      const stored = await getCredential();
      if (typeof stored === 'object' && stored !== null) {
        const record = stored as Record<string, unknown>;
        const secretId = pick(record, 'secretid');
        const secretKey = pick(record, 'secretkey');
        const token = pick(record, 'securitytoken', 'token', 'sessiontoken');
        if (secretId !== undefined && secretKey !== undefined) {
          return token === undefined ? { secretId, secretKey } : { secretId, secretKey, token };
        }
        accessError = 'the access has no SecretID/SecretKey';
      }
    } catch (error) {
      accessError = (error as Error).message;
    }
  }
  const secretId = env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TENCENTCLOUD_SECRETKEY;
  if (secretId && secretKey) {
    const token = env.TENCENTCLOUD_SESSIONTOKEN;
    return token ? { secretId, secretKey, token } : { secretId, secretKey };
  }
  throw new Error(
    `no Tencent Cloud API key (${accessError || 'no access'}): run ` +
      '`npx s config add -a default --kl SecretID,SecretKey --il <SecretId>,<SecretKey>` ' +
      'or set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY',
  );
}
