/**
 * The API client in WeChat: `Taro.cloud.callFunction` with the same call envelope as the local
 * host. The caller's identity comes from WeChat (OPENID) on the server; nothing is sent for it.
 */
import Taro from '@tarojs/taro';
import type { CallReply } from '../../shared/kernel/envelope';
import type { ApiClient, FunctionName } from './api.types';
import { NetworkError } from './errors';

async function call<T>(
  fn: FunctionName,
  action: string,
  data: unknown,
  requestId?: string,
): Promise<CallReply<T>> {
  let result: unknown;
  try {
    const res = await Taro.cloud.callFunction({
      name: fn,
      data: requestId ? { action, data, requestId } : { action, data },
    });
    result = res.result;
  } catch (thrown) {
    // callFunction rejects on network failure and on a function that crashed or timed out.
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
  if (result && typeof result === 'object' && 'ok' in result) return result as CallReply<T>;
  throw new NetworkError('云函数没有返回结果');
}

export const api: ApiClient = { call };
