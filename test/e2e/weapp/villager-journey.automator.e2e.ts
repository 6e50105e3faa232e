/**
 * The villager journey in WeChat DevTools (miniprogram-automator): open 百姓说事点, report a
 * concern, see it in 我的 with its status. Needs the DevTools CLI (Windows/macOS only — there is
 * no Linux DevTools, docs/platform.md) and a CloudBase environment the weapp build points at
 * (TCB_ENV_ID at build time). Set WECHAT_DEVTOOLS_CLI to the CLI's path to run it; without
 * it the suite is reported as skipped with that reason.
 */
import { join } from 'node:path';

/** The part of miniprogram-automator used here (installed only where DevTools is: see README). */
interface Element {
  tap(): Promise<void>;
  input(value: string): Promise<void>;
  text(): Promise<string>;
}
interface Page {
  readonly path: string;
  $(selector: string): Promise<Element | null>;
  $$(selector: string): Promise<Element[]>;
  waitFor(condition: string | number): Promise<void>;
}
interface MiniProgram {
  reLaunch(url: string): Promise<Page | undefined>;
  switchTab(url: string): Promise<Page | undefined>;
  currentPage(): Promise<Page | undefined>;
  close(): Promise<void>;
}

const cliPath = process.env.WECHAT_DEVTOOLS_CLI;
const projectPath = join(__dirname, '..', '..', '..');
const suite = cliPath ? describe : (describe.skip as typeof describe);
const reason = cliPath
  ? ''
  : ' — skipped: WECHAT_DEVTOOLS_CLI is not set (no WeChat DevTools on Linux)';
if (!cliPath) {
  // Said once in the run's output, since jest does not list the tests of a skipped file.
  console.warn(`${__filename.split('/').pop()}${reason}`);
}

jest.setTimeout(180_000);

async function current(mp: MiniProgram): Promise<Page> {
  const page = await mp.currentPage();
  if (page === undefined) throw new Error('no page is open');
  return page;
}

async function tapById(page: Page, id: string): Promise<void> {
  const element = await page.$(`#${id}`);
  if (element === null) throw new Error(`#${id} is not on ${page.path}`);
  await element.tap();
}

suite(`villager journey in WeChat DevTools${reason}`, () => {
  let mp: MiniProgram;

  beforeAll(async () => {
    // Loaded only here: the package spawns the DevTools CLI on launch.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const automator = require('miniprogram-automator') as {
      launch(o: { cliPath?: string; projectPath: string }): Promise<MiniProgram>;
    };
    mp = await automator.launch({ cliPath, projectPath });
  });
  afterAll(async () => {
    await mp?.close();
  });

  it('reports a concern from 百姓说事点 and finds it in 我的', async () => {
    let page = (await mp.reLaunch('/pages/index/index')) ?? (await current(mp));
    await page.waitFor('.screen');
    await tapById(page, 'entry-concern');
    page = await current(mp);
    expect(page.path).toBe('pages/concern/new');
    await tapById(page, 'kind-help');
    await tapById(page, 'topic-sanitation');
    // A <textarea> element: automator's input() sets its value and fires the input event.
    const text = (await page.$('#concern-text')) as unknown as { input(v: string): Promise<void> };
    await text.input('村东头的垃圾箱三天没人清运了（自动化测试）');
    await tapById(page, 'concern-submit');
    await page.waitFor(3000);
    page = await current(mp);
    expect(page.path).toBe('pages/concern/detail');
    const status = await page.$('#concern-status');
    expect(await status?.text()).toMatch(/已派单|已受理|办理/);

    page = (await mp.switchTab('/pages/mine/index')) ?? (await current(mp));
    await page.waitFor('.mine-concern');
    const items = await page.$$('.mine-concern');
    expect(items.length).toBeGreaterThan(0);
  });
});
