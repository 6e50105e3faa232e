/** Tells the outbox when WeChat reports the network back. */
import Taro from '@tarojs/taro';

let connected = true;

export function onNetworkBack(callback: () => void): () => void {
  const handler = (res: { isConnected: boolean }): void => {
    const wasConnected = connected;
    connected = res.isConnected;
    if (res.isConnected && !wasConnected) callback();
  };
  Taro.onNetworkStatusChange(handler);
  return () => Taro.offNetworkStatusChange(handler);
}

export function isOnline(): boolean {
  return connected;
}
