/**
 * Push on CloudBase: a queued notice becomes `cloud.openapi.subscribeMessage.send` with the
 * template configured for it. A user who has not subscribed (43101) or has no WeChat bound is
 * "not pushed" — the task waits in their inbox — while any other WeChat error is a failure
 * the outbox retries.
 */
import { createCloudbaseRuntime } from '../../functions/adapters/cloudbase/cloudbase.runtime';
import {
  fitValue,
  parseSubscribeTemplates,
  templateFor,
} from '../../functions/adapters/cloudbase/subscribe.push';
import { notify } from '../../functions/runtime/outbox';
import { runTransaction } from '../../functions/store/store.raw';
import type { PushMessage } from '../../functions/runtime/ports';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import type { CloudbaseFixture } from './cloudbase.fixture';
import { createCloudbaseFixture } from './cloudbase.fixture';
import { fakeCloud, loaderOf, wxError } from './fake-cloud';
import { ACCOUNTS, OUTBOX } from '../../functions/store/collections';

const TEMPLATES = {
  'task.*': {
    templateId: 'TPL-TASK-8Xq0',
    fields: { thing1: 'title', thing2: 'body', time3: 'time', phrase4: '=待处理' },
  },
  'concern.received': {
    templateId: 'TPL-RECEIVED-2b',
    page: 'pages/concern/detail?id={id}&from=push',
    fields: { thing1: 'title', date2: 'time' },
  },
};
const WORKER_OPENID = 'o-worker-6F7g8H9i0J';

let f: CloudbaseFixture;
let town: TestTown;

beforeEach(async () => {
  f = await createCloudbaseFixture({ templates: TEMPLATES });
  town = await createTestTown(f.h.store);
  await bindOpenid(town.people.villageGridWorker._id, WORKER_OPENID);
});
afterEach(() => f.close());

async function bindOpenid(accountId: string, openid: string): Promise<void> {
  const account = await ACCOUNTS.get(f.h.store, accountId);
  const updated = await f.h.store.update(
    'accounts',
    accountId,
    { wxOpenId: openid },
    {
      ifVersion: account!._version,
    },
  );
  if (!updated.ok) throw new Error('could not bind');
}

function message(over: Partial<PushMessage> = {}): PushMessage {
  return {
    outboxId: 'out_1',
    townId: town.townId,
    recipientId: town.people.villageGridWorker._id,
    template: 'task.handle_concern',
    title: '新的说事待办',
    body: '东关前村：村东头排水沟堵塞，下雨后积水漫进院子，已经影响三户人家出行',
    link: { type: 'task', id: 'task_1' },
    ...over,
  };
}

describe('a notice with a configured template', () => {
  it('is sent as subscribeMessage.send with the template’s fields filled and cut to size', async () => {
    const sent = await f.runtime.ctx.push.send(message());
    expect(sent).toEqual({ ok: true, value: { delivered: true } });
    expect(f.cloud.calls).toEqual([
      {
        api: 'subscribeMessage.send',
        request: {
          touser: WORKER_OPENID,
          templateId: 'TPL-TASK-8Xq0',
          page: 'staff/inbox/index',
          data: {
            thing1: { value: '新的说事待办' },
            thing2: { value: '东关前村：村东头排水沟堵塞，下雨后积水…' },
            time3: { value: '2025年11月17日 09:00' },
            phrase4: { value: '待处理' },
          },
          miniprogramState: 'formal',
        },
      },
    ]);
  });

  it('opens the template’s page with the linked record’s id', async () => {
    await f.runtime.ctx.push.send(
      message({ template: 'concern.received', link: { type: 'concern', id: 'con_42' } }),
    );
    const request = f.cloud.calls[0]?.request as { page: string; data: object; templateId: string };
    expect(request.templateId).toBe('TPL-RECEIVED-2b');
    expect(request.page).toBe('pages/concern/detail?id=con_42&from=push');
    expect(request.data).toEqual({
      thing1: { value: '新的说事待办' },
      date2: { value: '2025年11月17日' },
    });
  });

  it('without a page in the template, a clue reporter lands on 我的 and the prosecutor on the review page', async () => {
    await f.h.store.update(
      'accounts',
      town.people.villager._id,
      { wxOpenId: 'o-villager-1a2b' },
      { ifVersion: town.people.villager._version },
    );
    const prosecutor = await ACCOUNTS.get(f.h.store, town.people.prosecutor._id);
    await f.h.store.update(
      'accounts',
      prosecutor!._id,
      { wxOpenId: 'o-prosecutor-3c4d' },
      { ifVersion: prosecutor!._version },
    );
    const clue = { type: 'clue', id: 'clue_7' };
    // 'task.*' has no page of its own, so the defaults decide.
    await f.runtime.ctx.push.send(
      message({ template: 'task.progress', recipientId: town.people.villager._id, link: clue }),
    );
    await f.runtime.ctx.push.send(
      message({ template: 'task.review', recipientId: prosecutor!._id, link: clue }),
    );
    const pages = f.cloud.calls.map((c) => (c.request as { page: string }).page);
    expect(pages).toEqual(['pages/mine/index', 'staff/clue/index?id=clue_7']);
  });

  it('is "not pushed" when the user refused or used up the subscription (43101)', async () => {
    f.cloud.answer('subscribeMessage.send', () => {
      throw wxError(43101, 'user refuse to accept the msg rid: 6581a2b3-1c2d3e4f');
    });
    expect(await f.runtime.ctx.push.send(message())).toEqual({
      ok: true,
      value: { delivered: false },
    });
  });

  it('fails, for the outbox to retry, on any other WeChat error', async () => {
    f.cloud.answer('subscribeMessage.send', () => {
      throw wxError(45009, 'reach max api daily quota limit');
    });
    const sent = await f.runtime.ctx.push.send(message());
    expect(sent.ok).toBe(false);
    if (sent.ok) return;
    expect(sent.error.code).toBe('INTERNAL');
    expect(sent.error.details?.cause).toBe(
      'subscribeMessage.send failed: errCode 45009: reach max api daily quota limit',
    );
  });

  it('uses the configured mini-program version', async () => {
    const trial = await createCloudbaseRuntime({
      env: { WX_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES), WX_MINIPROGRAM_STATE: 'trial' },
      store: f.h.store,
      cloud: loaderOf(f.cloud),
      clock: f.h.clock,
      log: { info() {}, warn() {}, error() {} },
    });
    await trial.ctx.push.send(message());
    expect((f.cloud.calls[0]?.request as { miniprogramState: string }).miniprogramState).toBe(
      'trial',
    );
  });
});

describe('a notice that cannot be pushed stays in the inbox without calling WeChat', () => {
  it('when no template is configured for it (and says so in the log)', async () => {
    const sent = await f.runtime.ctx.push.send(message({ template: 'clue.progress' }));
    expect(sent).toEqual({ ok: true, value: { delivered: false } });
    expect(f.cloud.calls).toEqual([]);
    expect(
      f.logs.some((l) => l.level === 'warn' && JSON.stringify(l.obj).includes('clue.progress')),
    ).toBe(true);
  });

  it('when the recipient has no WeChat bound, or is disabled', async () => {
    const noWechat = await f.runtime.ctx.push.send(
      message({ recipientId: town.people.mediator._id }),
    );
    expect(noWechat).toEqual({ ok: true, value: { delivered: false } });
    const worker = await ACCOUNTS.get(f.h.store, town.people.villageGridWorker._id);
    await f.h.store.update(
      'accounts',
      worker!._id,
      { status: 'disabled' },
      {
        ifVersion: worker!._version,
      },
    );
    expect(await f.runtime.ctx.push.send(message())).toEqual({
      ok: true,
      value: { delivered: false },
    });
    expect(f.cloud.calls).toEqual([]);
    expect(f.cloud.loads).toBe(0);
  });
});

describe('the outbox timer on CloudBase', () => {
  async function queue(recipientId: string, body: string): Promise<string> {
    const queued = await runTransaction(f.runtime.ctx.store, (tx) =>
      notify(f.runtime.ctx, tx, {
        townId: town.townId,
        recipientId,
        template: 'task.handle_concern',
        title: '新的说事待办',
        body,
        link: { type: 'task', id: `task_${body}` },
      }),
    );
    if (!queued.ok) throw new Error('queue failed');
    return queued.value;
  }

  it('marks a refused push sent-but-not-delivered and retries a failed one later', async () => {
    const refusingOpenid = 'o-refuses-1234';
    await bindOpenid(town.people.communityGridWorker._id, refusingOpenid);
    await f.h.store.insert('towns', { _id: town.townId, name: '小店镇' });
    const refused = await queue(town.people.communityGridWorker._id, 'A');
    const failing = await queue(town.people.villageGridWorker._id, 'B');
    f.cloud.answer('subscribeMessage.send', (request) => {
      const { touser } = request as { touser: string };
      if (touser === refusingOpenid) throw wxError(43101, 'user refuse to accept the msg');
      throw wxError(-1, 'system error');
    });

    const run = await f.trigger(outboxFunction);
    expect(run.ok).toBe(true);

    const a = await OUTBOX.get(f.h.store, refused);
    expect(a).toMatchObject({ status: 'sent', delivered: false, attempts: 1 });
    const b = await OUTBOX.get(f.h.store, failing);
    expect(b).toMatchObject({ status: 'pending', attempts: 1 });
    expect(b?.lastError).toBe('subscribeMessage.send failed: errCode -1: system error');
    expect(b!.nextAttemptAt > f.h.clock.nowIso()).toBe(true);
  });
});

describe('the template configuration (WX_SUBSCRIBE_TEMPLATES)', () => {
  it('picks the exact name, then the longest prefix, then "*"', () => {
    const templates = parseSubscribeTemplates(
      JSON.stringify({
        '*': { templateId: 'ANY', fields: { thing1: 'title' } },
        'concern.*': { templateId: 'CONCERN', fields: { thing1: 'title' } },
        'concern.near_due': { templateId: 'NEAR', fields: { thing1: 'title' } },
      }),
    );
    expect(templateFor(templates, 'concern.near_due')?.templateId).toBe('NEAR');
    expect(templateFor(templates, 'concern.escalated')?.templateId).toBe('CONCERN');
    expect(templateFor(templates, 'mediation.booked')?.templateId).toBe('ANY');
    expect(templateFor(parseSubscribeTemplates(undefined), 'mediation.booked')).toBeUndefined();
  });

  it('fails the cold start loudly when it is not valid', async () => {
    for (const [raw, says] of [
      ['{', 'not JSON'],
      ['{"task.*":{"templateId":"T","fields":{}}}', 'at least one field'],
      ['{"task.*":{"templateId":"T","fields":{"Thing":"title"}}}', 'task.*.fields.Thing'],
      ['{"task.*":{"templateId":"T","fields":{"thing1":"author"}}}', 'invalid'],
    ] as const) {
      await expect(
        createCloudbaseRuntime({
          env: { WX_SUBSCRIBE_TEMPLATES: raw },
          store: f.h.store,
          cloud: loaderOf(fakeCloud()),
        }),
      ).rejects.toThrow(says);
    }
    await expect(
      createCloudbaseRuntime({ env: { WX_MINIPROGRAM_STATE: 'beta' }, store: f.h.store }),
    ).rejects.toThrow('WX_MINIPROGRAM_STATE');
  });

  it('cuts values to what each field type accepts', () => {
    expect(fitValue('thing1', '一二三四五六七八九十一二三四五六七八九十')).toBe(
      '一二三四五六七八九十一二三四五六七八九十',
    );
    expect(fitValue('thing1', '一二三四五六七八九十一二三四五六七八九十多')).toBe(
      '一二三四五六七八九十一二三四五六七八九…',
    );
    expect(fitValue('phrase2', '已受理待分派')).toBe('已受理待分');
    expect(fitValue('name3', '欧阳春秋冬夏东西南北中')).toBe('欧阳春秋冬夏东西南北');
    expect(fitValue('thing4', '  多个\n空格  ')).toBe('多个 空格');
  });
});
