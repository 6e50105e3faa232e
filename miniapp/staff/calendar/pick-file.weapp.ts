/**
 * Picking a holiday file in WeChat: a file from a chat (chooseMessageFile — the admin sends
 * the CSV or JSON to themselves or gets it from a colleague), read as UTF-8 text.
 */
import Taro from '@tarojs/taro';

export interface PickedFile {
  readonly name: string;
  readonly text: string;
}

/** Opens the chat-file chooser for a .csv or .json file; null when the person cancels. */
export async function pickTextFile(): Promise<PickedFile | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'json'] });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (file === undefined) return null;
  const text = await new Promise<string>((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: file.path,
      encoding: 'utf8',
      success: (res) => resolve(String(res.data)),
      fail: () => reject(new Error('文件读不出来')),
    });
  });
  return { name: file.name, text };
}
