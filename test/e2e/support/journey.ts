/**
 * What every journey file shares: one host with the sample town and one browser for the file,
 * people made with their own contexts, and a check that no page threw.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import type { E2eHost, E2eHostOptions } from './host';
import { startE2eHost } from './host';
import type { Person } from './person';
import { person } from './person';

export interface Journey {
  readonly host: E2eHost;
  readonly browser: Browser;
  /** A person by demo name (signed in) or an anonymous visitor (`login: null`). */
  as(name: string, login?: string | null): Promise<Person>;
}

/**
 * Sets up beforeAll/afterAll and returns a handle filled in before the first test. With
 * `startAt` the host's clock and every person's browser clock start there and run on.
 */
export function useJourney(options: E2eHostOptions = {}): Journey {
  const people: Person[] = [];
  const handle = {} as { host: E2eHost; browser: Browser };
  beforeAll(async () => {
    handle.host = await startE2eHost(options);
    handle.browser = await launchBrowser();
  });
  afterEach(() => {
    // A page that threw is a failure even when the journey otherwise got through.
    const errors = people.flatMap((p) => p.pageErrors.map((e) => `${p.name}: ${e}`));
    for (const p of people) p.pageErrors.length = 0;
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.host?.stop();
  });
  return {
    get host() {
      return handle.host;
    },
    get browser() {
      return handle.browser;
    },
    async as(name, login) {
      const phone = login === null ? undefined : (login ?? handle.host.loginOf(name));
      const p = await person(
        handle.browser,
        handle.host.url,
        name,
        phone,
        options.startAt === undefined ? undefined : handle.host.clock.nowMs(),
      );
      people.push(p);
      return p;
    },
  };
}
