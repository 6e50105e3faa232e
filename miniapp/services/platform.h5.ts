/** Start-up in the browser: nothing to initialise (never `Taro.cloud` on H5). */
export function initPlatform(): void {}

export const PLATFORM = 'h5' as const;
