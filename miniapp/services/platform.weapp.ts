/** Start-up on WeChat: the CloudBase environment from build-time configuration (TCB_ENV_ID). */
import Taro from '@tarojs/taro';

export function initPlatform(): void {
  Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
}

export const PLATFORM = 'weapp' as const;
