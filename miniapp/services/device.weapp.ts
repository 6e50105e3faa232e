/**
 * What WeChat tells about the phone and the app's own version: the person's font size setting
 * (for 大字模式) and a new version waiting to be used (UpdateManager).
 */
import Taro from '@tarojs/taro';

/**
 * WeChat's standard font size is 17 (iOS) or 16 (Android); anything larger means the person
 * made WeChat's text bigger (WeChat's 适老化 guide: read getAppBaseInfo().fontSizeSetting).
 */
const STANDARD_FONT_SIZE = 17;

export function systemFontIsLarge(): boolean {
  try {
    // Taro's typing of getAppBaseInfo lacks fontSizeSetting, which WeChat's result has.
    const info = Taro.getAppBaseInfo() as { fontSizeSetting?: number };
    return (info.fontSizeSetting ?? 0) > STANDARD_FONT_SIZE;
  } catch {
    return false;
  }
}

/** When WeChat has downloaded a new version, offers to restart into it (never forces it). */
export function watchForUpdate(): void {
  if (typeof Taro.getUpdateManager !== 'function') return;
  const manager = Taro.getUpdateManager();
  manager.onUpdateReady(() => {
    void Taro.showModal({
      title: '有新版本',
      content: '新版本已经准备好，重新打开后就能用。现在重新打开吗？',
      confirmText: '重新打开',
      cancelText: '稍后',
      success: (res) => {
        if (res.confirm) manager.applyUpdate();
      },
    });
  });
}
