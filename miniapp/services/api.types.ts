/**
 * The one interface every page uses to reach the cloud functions. Per-platform files
 * implement it (`api.weapp.ts` on `Taro.cloud.callFunction`, `api.h5.ts` on `fetch`), so no
 * page ever branches on the platform or touches `Taro.cloud` on H5.
 */
import type { CallReply } from '../../shared/kernel/envelope';

export type FunctionName =
  'account' | 'concern' | 'mediation' | 'learning' | 'clue' | 'task' | 'admin' | 'stats';

export interface ApiClient {
  /**
   * Calls `action` of cloud function `fn`. `requestId` makes a submission idempotent: a
   * retry with the same id returns the first result instead of creating a second record.
   */
  call<T>(
    fn: FunctionName,
    action: string,
    data: unknown,
    requestId?: string,
  ): Promise<CallReply<T>>;
}
