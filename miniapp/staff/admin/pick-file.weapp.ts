/**
 * WeChat: the roster file is picked from a chat with chooseMessageFile (a town's roster
 * arrives as a file sent in WeChat) and read as base64 (CSV as text).
 */
import Taro from '@tarojs/taro';

export interface PickedFile {
  readonly name: string;
  readonly kind: 'xlsx' | 'csv';
  readonly content: string;
}

export async function pickRosterFile(): Promise<PickedFile | null> {
  let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
  try {
    chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] });
  } catch {
    return null; // cancelled
  }
  const file = chosen.tempFiles[0];
  if (file === undefined) return null;
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const content = Taro.getFileSystemManager().readFileSync(
    file.path,
    xlsx ? 'base64' : 'utf8',
  ) as string;
  return { name: file.name, kind: xlsx ? 'xlsx' : 'csv', content };
}
