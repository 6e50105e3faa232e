/**
 * Timers read other functions' records defensively: page by page, parsed with the shared
 * collection's schema, bad rows skipped and logged, and a bounded number per run.
 */
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import type { Logger } from '../../functions/runtime/ports';
import { scanParsed } from '../../functions/runtime/paging';
import { runStep } from '../../functions/runtime/timer-steps';
import { CONTENT_WORDS } from '../../functions/store/collections';
import { localTime, isDaytime } from '../../shared/calendar/china-time';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';

let h: Harness;
const warnings: object[] = [];
const errors: object[] = [];
const log: Logger = {
  info() {},
  warn: (obj) => void warnings.push(obj),
  error: (obj) => void errors.push(obj),
};

beforeEach(() => {
  h = createHarness();
  warnings.length = 0;
  errors.length = 0;
});
afterEach(() => h.close());

describe('scanParsed', () => {
  it('reads every page, skips and logs what does not parse', async () => {
    for (let i = 0; i < 1203; i += 1) {
      await h.store.insert('content_words', {
        _id: `w${String(i).padStart(5, '0')}`,
        townId: 'town-a',
        word: i % 100 === 0 ? 'x' : `词${i}`,
      });
    }
    const scan = await scanParsed({ ...h.ctx, log }, CONTENT_WORDS, {
      where: { townId: 'town-a' },
      orderBy: { path: 'word', order: 'asc' },
    });
    expect(scan.docs).toHaveLength(1203 - 13);
    expect(scan.invalid).toBe(13);
    expect(scan.truncated).toBe(false);
    expect(scan.docs[0]).toHaveProperty('_version', 1);
    expect(warnings).toHaveLength(13);
    expect(JSON.stringify(warnings)).not.toContain('"x"');
  });

  it('stops at its bound and says so', async () => {
    for (let i = 0; i < 1001; i += 1) {
      await h.store.insert('content_words', { _id: `w${i}`, townId: 'town-a', word: `词${i}` });
    }
    const scan = await scanParsed(
      { ...h.ctx, log },
      CONTENT_WORDS,
      { where: { townId: 'town-a' }, orderBy: { path: 'word', order: 'asc' } },
      500,
    );
    expect(scan).toMatchObject({ truncated: true, invalid: 0 });
    expect(scan.docs).toHaveLength(1000);
    expect(warnings).toContainEqual(expect.objectContaining({ read: 1000 }));
  });
});

describe('runStep', () => {
  it('tells done, already done and failed apart, logging only failures', async () => {
    const ctx = { ...h.ctx, log };
    expect(await runStep(ctx, {}, async () => ok(1))).toBe('done');
    expect(await runStep(ctx, {}, async () => err(appError('CONFLICT')))).toBe('already');
    expect(await runStep(ctx, { step: 'x' }, async () => err(appError('NOT_FOUND')))).toBe(
      'failed',
    );
    expect(errors).toEqual([expect.objectContaining({ step: 'x' })]);
  });
});

describe('time helpers', () => {
  it('reads instants in China time', () => {
    expect(localTime('2025-11-18T15:59:59.999Z')).toBe('11月18日 23:59');
    expect(isDaytime(Date.parse('2025-11-18T08:00:00+08:00'))).toBe(true);
    expect(isDaytime(Date.parse('2025-11-18T19:59:00+08:00'))).toBe(true);
    expect(isDaytime(Date.parse('2025-11-18T20:00:00+08:00'))).toBe(false);
    expect(isDaytime(Date.parse('2025-11-18T07:59:00+08:00'))).toBe(false);
  });
});
