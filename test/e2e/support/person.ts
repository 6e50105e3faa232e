/**
 * One person on their own phone: a browser context with its own cookies and storage, signed
 * in through the real login route, with small helpers that speak the app's element ids.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { newPhone } from './browser';

export const DEMO_PASSWORD = 'demo-1234';
/** Screenshots of each journey's last screen, kept by the run (gitignored). */
export const SHOTS_DIR = join(__dirname, '..', '..', '..', 'test-results', 'e2e');

export interface Person {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Errors the page threw (a journey asserts there are none). */
  readonly pageErrors: string[];
  open(route: string): Promise<void>;
  tap(id: string): Promise<void>;
  fill(id: string, text: string): Promise<void>;
  byId(id: string): Locator;
  shot(file: string): Promise<string>;
}

export async function person(
  browser: Browser,
  base: string,
  name: string,
  login?: string,
  /** Where the phone's clock starts (it then runs on), to match a host started at a date. */
  clockAt?: number,
): Promise<Person> {
  const context = await newPhone(browser, base);
  if (clockAt !== undefined) await context.clock.install({ time: clockAt });
  if (login) {
    const res = await context.request.post(`${base}/api/auth/login`, {
      data: { phone: login, password: DEMO_PASSWORD },
    });
    if (!res.ok())
      throw new Error(`${name} could not sign in: ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Taro H5 keeps earlier pages of the stack in the DOM, hidden: only the visible one counts.
  // Attribute selectors, since ids may hold grid node ids with colons (place-grid:town:XD-01-01).
  const sel = (id: string) => `[id="${id}"]`;
  const byId = (id: string) => page.locator(`${sel(id)} >> visible=true`).first();
  return {
    name,
    context,
    page,
    pageErrors,
    byId,
    async open(route) {
      await page.goto(`${base}/#${route}`);
      await page.locator('.screen >> visible=true').first().waitFor();
    },
    async tap(id) {
      const target = byId(id);
      await target.waitFor({ state: 'visible' });
      await target.scrollIntoViewIfNeeded();
      await target.tap();
    },
    async fill(id, text) {
      const box = page
        .locator(`${sel(id)} input, ${sel(id)} textarea, input${sel(id)}, textarea${sel(id)}`)
        .first();
      await box.waitFor({ state: 'visible' });
      await box.fill(text);
    },
    async shot(file) {
      mkdirSync(SHOTS_DIR, { recursive: true });
      const path = join(SHOTS_DIR, file);
      // Let Taro's page slide-in finish, or the picture shows two pages half and half.
      await page.waitForTimeout(800);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
