/**
 * WeChat: an exported file (base64 from the function) is written to the mini-program's own
 * user data folder and opened with openDocument, from where it is printed or sent on.
 */
import Taro from '@tarojs/taro';

export async function saveExported(file: {
  readonly fileName: string;
  readonly mimeType: string;
  readonly base64: string;
}): Promise<void> {
  const filePath = `${Taro.env.USER_DATA_PATH}/${file.fileName}`;
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: file.base64,
      encoding: 'base64',
      success: () => resolve(),
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
}
