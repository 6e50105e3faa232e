/**
 * One requestId, many anonymous callers: a caller nobody knows has no namespace of their
 * own, so the idempotency key of an anonymous request is bound to its whole input
 * (functions/runtime/idempotency.ts). A retry (same requestId, same input) meets its first
 * reply; anyone reusing the requestId with anything else gets a reply of their own — never
 * another reporter's tracking code, never another person's registration.
 */
import { accountFunction } from '../../functions/account/account.function';
import { clueFunction } from '../../functions/clue/clue.function';
import { IDEMPOTENCY } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

let h: Harness;
let town: TestTown;
beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const clue = (seen: string) => ({
  domain: 'ecology_resources',
  seen,
  place: { text: '东关前村河边', gridNodeId: town.villages[0]![0]!._id },
  when: { date: '2025-11-15' },
  reporter: { kind: 'anonymous' },
});

describe('an anonymous clue’s requestId', () => {
  it('answers a retry with its code, and another caller reusing it with a code of their own', async () => {
    const requestId = 'clue-shared-0001';
    const first = await h.ok<{ trackingCode: string }>(
      clueFunction,
      'submit',
      clue('河边有人倒建筑垃圾，堆了一大片'),
      { as: null, requestId },
    );
    const retry = await h.ok<{ trackingCode: string }>(
      clueFunction,
      'submit',
      clue('河边有人倒建筑垃圾，堆了一大片'),
      { as: null, requestId },
    );
    expect(retry.trackingCode).toBe(first.trackingCode);
    const stranger = await h.ok<{ trackingCode: string }>(
      clueFunction,
      'submit',
      clue('村后的山坡上有人偷偷挖沙'),
      { as: null, requestId },
    );
    expect(stranger.trackingCode).not.toBe(first.trackingCode);
    // Signed in or not makes no difference to an anonymous clue: it is keyed by nobody.
    const signedIn = await h.ok<{ trackingCode: string }>(
      clueFunction,
      'submit',
      clue('河边有人倒建筑垃圾，堆了一大片，还有油桶'),
      { as: town.people.neighbour, requestId },
    );
    expect(signedIn.trackingCode).not.toBe(first.trackingCode);
    // No stored key carries the requestId itself next to an anonymous reply.
    const keys = (await IDEMPOTENCY.query(h.store, { limit: 100 })).docs.map((d) => d._id);
    expect(keys.filter((k) => k.includes('anon') && k.includes(requestId))).toEqual([]);
  });
});

describe('a registration’s requestId', () => {
  const registration = (phone: string, name: string) => ({
    name,
    phone,
    gridNodeId: town.villages[0]![1]!._id,
    privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
  });

  it('never answers someone else with the first person’s account', async () => {
    const requestId = 'reg-shared-0001';
    const first = await h.ok<{ accountId: string; name: string }>(
      accountFunction,
      'register',
      registration('13700001001', '孙小梅'),
      { as: null, requestId },
    );
    const other = await h.ok<{ accountId: string; name: string }>(
      accountFunction,
      'register',
      registration('13700001002', '周大勇'),
      { as: null, requestId },
    );
    expect(other.accountId).not.toBe(first.accountId);
    expect(other.name).toBe('周大勇');
  });
});
