/**
 * A fake wx-server-sdk `cloud` for the CloudBase adapter tests: no network. It records every
 * open-API request exactly as the adapters make it, and answers what the test programmed —
 * by default success (`suggest: 'pass'` for msgSecCheck). Errors are thrown the way
 * wx-server-sdk throws them: an Error carrying the WeChat `errCode` and `errMsg`.
 */
import type {
  MsgSecCheckRequest,
  MsgSecCheckResult,
  SubscribeSendRequest,
  WxCloud,
} from '../../functions/adapters/cloudbase/wx.cloud';

export type OpenApi = 'subscribeMessage.send' | 'security.msgSecCheck';

export interface RecordedCall {
  readonly api: OpenApi;
  readonly request: unknown;
}

type Answer = (request: unknown) => unknown;

export interface FakeCloud extends WxCloud {
  readonly calls: RecordedCall[];
  /** Answers the next calls of `api` with `answer` (a value, or a function that may throw). */
  answer(api: OpenApi, answer: Answer): void;
  /** How many times the SDK was asked for (lazy loading). */
  loads: number;
}

/** The error wx-server-sdk throws for a WeChat `errcode` (a CloudSDKError). */
export function wxError(errCode: number, errMsg: string): Error {
  return Object.assign(new Error(`errCode: ${errCode} | errMsg: ${errMsg}`), { errCode, errMsg });
}

export function fakeCloud(): FakeCloud {
  const calls: RecordedCall[] = [];
  const answers = new Map<OpenApi, Answer>();
  const call = async (api: OpenApi, request: unknown, fallback: unknown): Promise<unknown> => {
    calls.push({ api, request: structuredClone(request) });
    const answer = answers.get(api);
    return answer === undefined ? fallback : answer(request);
  };
  return {
    calls,
    loads: 0,
    answer(api, answer) {
      answers.set(api, answer);
    },
    openapi: {
      subscribeMessage: {
        send: (request: SubscribeSendRequest) =>
          call('subscribeMessage.send', request, {
            errCode: 0,
            errMsg: 'openapi.subscribeMessage.send:ok',
          }),
      },
      security: {
        msgSecCheck: (request: MsgSecCheckRequest) =>
          call('security.msgSecCheck', request, {
            errCode: 0,
            errMsg: 'openapi.security.msgSecCheck:ok',
            result: { suggest: 'pass', label: 100 },
            detail: [],
            traceId: 'trace-pass',
          }) as Promise<MsgSecCheckResult>,
      },
    },
  };
}

/** A loader handing out `cloud`, counting loads. */
export function loaderOf(cloud: FakeCloud): () => Promise<WxCloud> {
  return async () => {
    cloud.loads += 1;
    return cloud;
  };
}
