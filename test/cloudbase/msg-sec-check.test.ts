/**
 * Content check on CloudBase: user text goes to `security.msgSecCheck` v2 with the caller's
 * OPENID; anything but "pass" is refused with CONTENT_REJECTED naming the field in Chinese,
 * and when the check cannot be done the submission is refused with a retryable error rather
 * than let through unchecked.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import {
  CHECK_UNAVAILABLE_MESSAGE,
  MAX_CHECK_CHARS,
  checkParts,
  createMsgSecCheck,
} from '../../functions/adapters/cloudbase/msg-sec.check';
import { silentLogger } from '../../functions/adapters/select';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { streetLight } from '../concern/concern.steps';
import type { CloudbaseFixture } from './cloudbase.fixture';
import { createCloudbaseFixture } from './cloudbase.fixture';
import { fakeCloud, loaderOf, wxError } from './fake-cloud';
import { ACCOUNTS } from '../../functions/store/collections';

const OPENID = 'o-villager-1a2B3c4D';

function checker(openid: string | null = OPENID) {
  const cloud = fakeCloud();
  return { cloud, check: createMsgSecCheck({ cloud: loaderOf(cloud), log: silentLogger }, openid) };
}

describe('msgSecCheck', () => {
  it('is asked with the text, version 2, the field’s scene and the caller’s OPENID', async () => {
    const { cloud, check } = checker();
    const passed = await check.checkText({ text: '路灯坏了', accountId: 'acc_1', field: 'text' });
    expect(passed.ok).toBe(true);
    await check.checkText({ text: '很满意', accountId: 'acc_1', field: 'comment' });
    await check.checkText({ text: '东关前村 3 号', accountId: 'acc_1', field: 'address' });
    expect(cloud.calls).toEqual([
      {
        api: 'security.msgSecCheck',
        request: { content: '路灯坏了', version: 2, scene: 3, openid: OPENID },
      },
      {
        api: 'security.msgSecCheck',
        request: { content: '很满意', version: 2, scene: 2, openid: OPENID },
      },
      {
        api: 'security.msgSecCheck',
        request: { content: '东关前村 3 号', version: 2, scene: 1, openid: OPENID },
      },
    ]);
  });

  it.each(['risky', 'review'])(
    'refuses "%s" text with a Chinese message naming the field',
    async (suggest) => {
      const { cloud, check } = checker();
      cloud.answer('security.msgSecCheck', () => ({
        errCode: 0,
        result: { suggest, label: 20001 },
        traceId: 'trace-1',
      }));
      const refused = await check.checkText({
        text: '……',
        accountId: 'acc_1',
        field: 'place.text',
      });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'CONTENT_REJECTED',
          message: '「地点」含有不适宜发布的内容，请修改后再提交',
          details: {
            fields: [{ field: 'place.text', message: '地点含有不适宜发布的内容，请修改' }],
          },
        },
      });
    },
  );

  it('refuses with a retryable error when WeChat cannot check (not letting the text through)', async () => {
    const { cloud, check } = checker();
    cloud.answer('security.msgSecCheck', () => {
      throw wxError(-1, 'system error');
    });
    const failed = await check.checkText({ text: '路灯坏了', accountId: 'acc_1', field: 'text' });
    expect(failed).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: CHECK_UNAVAILABLE_MESSAGE,
        details: { reason: 'content_check_unavailable', retryable: true },
      },
    });
    cloud.answer('security.msgSecCheck', () => ({ errCode: 0, result: {} }));
    const unreadable = await check.checkText({
      text: '路灯坏了',
      accountId: 'acc_1',
      field: 'text',
    });
    expect(unreadable.ok ? null : unreadable.error.details?.reason).toBe(
      'content_check_unavailable',
    );
  });

  it('refuses without asking WeChat when the call has no OPENID to check for', async () => {
    const { cloud, check } = checker(null);
    const refused = await check.checkText({ text: '路灯坏了', accountId: null, field: 'text' });
    expect(refused.ok ? null : refused.error.code).toBe('INTERNAL');
    expect(cloud.calls).toEqual([]);
  });

  it('checks long text in overlapping parts WeChat accepts, and skips blank text', async () => {
    const text = '一'.repeat(MAX_CHECK_CHARS * 2);
    const parts = checkParts(text);
    expect(parts.every((p) => [...p].length <= MAX_CHECK_CHARS)).toBe(true);
    expect(parts.join('').length).toBeGreaterThan(text.length); // they overlap
    expect(parts.length).toBe(3);
    const { cloud, check } = checker();
    await check.checkText({ text, accountId: 'acc_1', field: 'body' });
    expect(cloud.calls.length).toBe(parts.length);
    await check.checkText({ text: '   ', accountId: 'acc_1', field: 'comment' });
    expect(cloud.calls.length).toBe(parts.length);
  });
});

describe('a submission on CloudBase', () => {
  let f: CloudbaseFixture;
  let town: TestTown;

  beforeEach(async () => {
    f = await createCloudbaseFixture();
    town = await createTestTown(f.h.store);
    const villager = await ACCOUNTS.get(f.h.store, town.people.villager._id);
    await f.h.store.update(
      'accounts',
      villager!._id,
      { wxOpenId: OPENID },
      {
        ifVersion: villager!._version,
      },
    );
    await f.h.store.insert('account_keys', {
      _id: `openid:${OPENID}`,
      accountId: villager!._id,
      townId: town.townId,
    });
  });
  afterEach(() => f.close());

  it('checks the villager’s text as them, and stores nothing when it is refused', async () => {
    f.cloud.answer('security.msgSecCheck', (request) => {
      const { content } = request as { content: string };
      return { errCode: 0, result: { suggest: content.includes('路灯') ? 'risky' : 'pass' } };
    });
    const reply = await f.asWechat(OPENID, concernFunction, 'submit', streetLight(town));
    expect(reply.ok ? null : reply.error).toMatchObject({
      code: 'CONTENT_REJECTED',
      details: { fields: [{ field: 'text' }] },
    });
    expect(f.cloud.calls[0]?.request).toMatchObject({ openid: OPENID, version: 2 });
    expect(await f.h.store.count('concerns', { townId: town.townId })).toBe(0);
  });

  it('goes through when WeChat passes the text', async () => {
    const reply = await f.asWechat(OPENID, concernFunction, 'submit', streetLight(town));
    expect(reply.ok).toBe(true);
    expect(f.cloud.calls.map((c) => (c.request as { content: string }).content)).toEqual([
      '村东头的路灯坏了一个星期了，晚上走路看不见',
      '村东头大槐树旁',
    ]);
  });
});
