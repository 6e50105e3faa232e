/**
 * The page list lives twice: app.config.ts (what Taro builds) and routes.ts (what pages
 * navigate to). They must name the same pages, and every page must have its files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES, TAB_ROUTES } from '../../miniapp/routes';

interface AppConfig {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string }[] };
}

function loadAppConfig(): AppConfig {
  // app.config.ts calls Taro's build-time global; here it only has to hand the object back.
  (globalThis as { defineAppConfig?: (c: unknown) => unknown }).defineAppConfig = (c) => c;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../miniapp/app.config') as { default: AppConfig }).default;
}

const miniapp = join(__dirname, '..', '..', 'miniapp');

describe('the mini-program page list', () => {
  const config = loadAppConfig();
  const built = [
    ...config.pages,
    ...config.subPackages.flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`)),
  ].map((p) => `/${p}`);

  it('routes.ts names exactly the pages app.config.ts builds', () => {
    expect(Object.values(ROUTES).sort()).toEqual([...built].sort());
  });

  it('every page has its component and its page config', () => {
    for (const page of built) {
      expect([page, existsSync(join(miniapp, `${page}.tsx`))]).toEqual([page, true]);
      expect([page, existsSync(join(miniapp, `${page}.config.ts`))]).toEqual([page, true]);
    }
  });

  it('the tab bar holds the tab routes, and tab pages sit in the main package', () => {
    const tabs = config.tabBar.list.map((t) => `/${t.pagePath}`);
    expect(tabs.sort()).toEqual(TAB_ROUTES.map((r) => ROUTES[r]).sort());
    for (const tab of tabs) expect(config.pages).toContain(tab.slice(1));
  });

  it('staff pages are in the staff subpackage, villager pages in the main package', () => {
    for (const [name, path] of Object.entries(ROUTES)) {
      expect([name, path.startsWith('/staff/')]).toEqual([name, name.startsWith('staff')]);
    }
  });
});
