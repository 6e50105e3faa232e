/**
 * Smaller holes of the same family: free text made of invisible or control characters passes
 * no "at least n characters" check and is never stored; consent counts only for the privacy
 * notice in force. Over HTTP in `npm run test:http`.
 */
import { accountFunction } from '../../functions/account/account.function';
import { concernFunction } from '../../functions/concern/concern.function';
import { ACCOUNTS, CONCERNS } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { refusal } from '../support/replies';

let h: Harness;
let town: TestTown;
beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const concern = (text: string) => ({
  kind: 'help',
  topic: 'other',
  text,
  place: { gridNodeId: town.villages[0]![0]!._id },
});

describe('text a reader cannot see', () => {
  it.each([
    ['ten zero-width spaces', '\u200b'.repeat(10)],
    ['bidi overrides around two letters', '\u202e\u202d\u2066ab\u2069'],
  ])('%s does not count as words', async (_what, text) => {
    const reply = await h.call(concernFunction, 'submit', concern(text), {
      as: town.people.villager,
    });
    expect(refusal(reply).details?.fields?.[0]?.field).toBe('text');
    expect(await CONCERNS.count(h.store, { townId: town.townId })).toBe(0);
  });

  it('NUL and other control characters are refused with the field named', async () => {
    const reply = await h.call(concernFunction, 'submit', concern('路灯坏了\u0000\u0007很久了'), {
      as: town.people.villager,
    });
    expect(refusal(reply)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'text', message: expect.stringMatching(/控制字符/) }] },
    });
  });

  it('invisible marks inside real words are dropped before the text is stored', async () => {
    const filed = await h.ok<{ id: string }>(
      concernFunction,
      'submit',
      concern('村口\u200b的路灯\u202e坏了一个星期'),
      { as: town.people.villager },
    );
    expect((await CONCERNS.get(h.store, filed.id))?.text).toBe('村口的路灯坏了一个星期');
  });
});

describe('consent to the privacy notice', () => {
  const registration = (noticeVersion: string) => ({
    name: '孙小梅',
    phone: '13700003333',
    gridNodeId: town.villages[0]![1]!._id,
    privacyConsent: { agreed: true, noticeVersion },
  });

  it('to a version that is not in force is refused, naming the field', async () => {
    const reply = await h.call(accountFunction, 'register', registration('v0-made-up'), {
      as: null,
    });
    expect(refusal(reply).details?.fields).toEqual([
      { field: 'privacyConsent.noticeVersion', message: expect.stringMatching(/隐私告知/) },
    ]);
    expect((await ACCOUNTS.query(h.store, { where: { phone: '13700003333' } })).docs).toEqual([]);
    await h.ok(accountFunction, 'register', registration(PRIVACY_NOTICE_VERSION), { as: null });
  });
});
