/** WeChat cannot print: the agreement is printed from the computer (browser) version. */
import Taro from '@tarojs/taro';

export function printAgreement(): void {
  void Taro.showModal({
    title: '请在电脑上打印',
    content:
      '微信里不能直接打印。请在调委会的电脑上用浏览器打开和合说事，进入调解室找到这份协议书，点「打印」。',
    showCancel: false,
    confirmText: '知道了',
  });
}

export const PRINT_HINT = '打印请在电脑上用浏览器打开本页。';
