/**
 * The outbox (离线待提交) on the phone: a submission that meets no network is kept with its
 * requestId and sent again, in order and with the same requestId, when the network returns;
 * a definitive refusal is kept for the person to read, never retried; nothing is sent twice.
 * Taro's storage and event centre, the API client and the network watcher are replaced by
 * in-memory fakes; the outbox logic is the real one.
 */
import type { CallReply } from '../../shared/kernel/envelope';

const storage = new Map<string, unknown>();
const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
const toasts: string[] = [];

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => storage.set(k, JSON.parse(JSON.stringify(v))),
    showToast: ({ title }: { title: string }) => toasts.push(title),
    eventCenter: {
      on: (e: string, f: (...a: unknown[]) => void) => {
        if (!listeners.has(e)) listeners.set(e, new Set());
        listeners.get(e)!.add(f);
      },
      off: (e: string, f: (...a: unknown[]) => void) => listeners.get(e)?.delete(f),
      trigger: (e: string, ...a: unknown[]) => listeners.get(e)?.forEach((f) => f(...a)),
    },
  },
}));

interface Sent {
  fn: string;
  action: string;
  data: unknown;
  requestId?: string;
}
const sent: Sent[] = [];
let answer: (s: Sent) => CallReply<unknown> | 'offline' = () => ({ ok: true, data: {} });

jest.mock('../../miniapp/services/api', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NetworkError } = require('../../miniapp/services/errors');
  return {
    api: {
      call: async (fn: string, action: string, data: unknown, requestId?: string) => {
        const s = { fn, action, data, requestId };
        sent.push(s);
        const a = answer(s);
        if (a === 'offline') throw new NetworkError('offline');
        return a;
      },
    },
  };
});

let networkBack: (() => void) | null = null;
jest.mock('../../miniapp/services/network', () => ({
  onNetworkBack: (cb: () => void) => {
    networkBack = cb;
    return () => undefined;
  },
  isOnline: () => true,
}));

import {
  dismissSubmission,
  flushOutbox,
  pendingSubmissions,
  startOutbox,
  submit,
  watchOutbox,
} from '../../miniapp/services/outbox';

// The outbox retries on an interval; fake timers keep that from holding the test process.
jest.useFakeTimers();

beforeEach(() => {
  storage.clear();
  sent.length = 0;
  toasts.length = 0;
  answer = () => ({ ok: true, data: {} });
});

const concern = (text: string) => ({ kind: 'help', topic: 'sanitation', text });

describe('the outbox', () => {
  it('sends at once when online and keeps nothing', async () => {
    answer = () => ({ ok: true, data: { concernId: 'c1' } });
    const out = await submit('concern', 'submit', concern('路灯坏了'), {
      requestId: 'req-00000001',
      label: '说事：路灯坏了',
    });
    expect(out).toEqual({ kind: 'done', data: { concernId: 'c1' } });
    expect(sent).toEqual([
      { fn: 'concern', action: 'submit', data: concern('路灯坏了'), requestId: 'req-00000001' },
    ]);
    expect(pendingSubmissions()).toEqual([]);
  });

  it('keeps a submission made offline and sends it with the same requestId when the network returns', async () => {
    startOutbox();
    answer = () => 'offline';
    const changes: number[] = [];
    const stop = watchOutbox((items) => changes.push(items.length));
    const first = await submit('concern', 'submit', concern('垃圾没人清运'), {
      requestId: 'req-00000002',
      label: '说事：垃圾没人清运',
    });
    const second = await submit(
      'clue',
      'submit',
      { seen: '河里有死鱼' },
      {
        requestId: 'req-00000003',
        label: '线索：河里有死鱼',
      },
    );
    expect(first).toEqual({ kind: 'queued', requestId: 'req-00000002' });
    expect(second).toEqual({ kind: 'queued', requestId: 'req-00000003' });
    expect(pendingSubmissions().map((p) => p.label)).toEqual([
      '说事：垃圾没人清运',
      '线索：河里有死鱼',
    ]);
    expect(changes).toEqual([1, 2]);

    sent.length = 0;
    answer = () => ({ ok: true, data: {} });
    networkBack!();
    await flushOutbox();
    expect(sent.map((s) => s.requestId)).toEqual(['req-00000002', 'req-00000003']);
    expect(pendingSubmissions()).toEqual([]);
    expect(toasts).toContain('已自动提交 2 项');
    stop();
  });

  it('flushes again after a flush that found nothing to send', async () => {
    await flushOutbox(); // empty: must not leave a finished flush blocking the next one
    answer = () => 'offline';
    await submit('concern', 'submit', concern('井盖丢了'), {
      requestId: 'req-00000010',
      label: '说事：井盖丢了',
    });
    answer = () => ({ ok: true, data: {} });
    await expect(flushOutbox()).resolves.toBe(1);
    expect(pendingSubmissions()).toEqual([]);
  });

  it('stops at the first network failure and keeps the order of what is left', async () => {
    answer = () => 'offline';
    for (const n of [4, 5, 6]) {
      await submit('concern', 'submit', concern(`事情${n}`), {
        requestId: `req-0000000${n}`,
        label: `说事：事情${n}`,
      });
    }
    sent.length = 0;
    let calls = 0;
    answer = () => (++calls === 1 ? { ok: true, data: {} } : 'offline');
    await flushOutbox();
    expect(sent.map((s) => s.requestId)).toEqual(['req-00000004', 'req-00000005']);
    expect(pendingSubmissions().map((p) => p.requestId)).toEqual(['req-00000005', 'req-00000006']);
  });

  it('answers a definitive refusal to the person at once and never queues it', async () => {
    answer = () => ({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: '说明：请填写此项',
        details: { fields: [{ field: 'text', message: '说明：请填写此项' }] },
      },
    });
    const out = await submit('concern', 'submit', concern(''), {
      requestId: 'req-00000007',
      label: '说事',
    });
    expect(out.kind).toBe('refused');
    expect(pendingSubmissions()).toEqual([]);
  });

  it('keeps a retry refused for good as failed, with the message, until the person dismisses it', async () => {
    answer = () => 'offline';
    await submit('concern', 'submit', concern('占道'), {
      requestId: 'req-00000008',
      label: '说事：占道',
    });
    answer = () => ({ ok: false, error: { code: 'FORBIDDEN', message: '没有权限' } });
    await flushOutbox();
    expect(pendingSubmissions()).toEqual([
      expect.objectContaining({
        requestId: 'req-00000008',
        failed: { code: 'FORBIDDEN', message: '没有权限' },
      }),
    ]);
    sent.length = 0;
    await flushOutbox();
    expect(sent).toEqual([]); // a failed one is not sent again
    dismissSubmission('req-00000008');
    expect(pendingSubmissions()).toEqual([]);
  });

  it('keeps a submission when the server is failing (INTERNAL) and retries it later', async () => {
    answer = () => ({ ok: false, error: { code: 'INTERNAL', message: '系统出了点问题' } });
    const out = await submit('concern', 'submit', concern('停电'), {
      requestId: 'req-00000009',
      label: '说事：停电',
    });
    expect(out).toEqual({ kind: 'queued', requestId: 'req-00000009' });
    answer = () => ({ ok: true, data: {} });
    await flushOutbox();
    expect(sent.filter((s) => s.requestId === 'req-00000009')).toHaveLength(2);
    expect(pendingSubmissions()).toEqual([]);
  });
});
