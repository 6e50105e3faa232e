/**
 * The part of wx-server-sdk (`cloud`) this product calls: the WeChat open APIs (云调用) for
 * subscribe messages and content security. The SDK is loaded on the first open-API call, not
 * at cold start: most calls never need it. Tests hand the adapters a fake with this shape.
 */

/** One value of a subscribe message (`data: { thing1: { value } }`). */
export interface SubscribeValue {
  readonly value: string;
}

/** `cloud.openapi.subscribeMessage.send` request (camelCase: the SDK converts it). */
export interface SubscribeSendRequest {
  readonly touser: string;
  readonly templateId: string;
  readonly page: string;
  readonly data: Readonly<Record<string, SubscribeValue>>;
  readonly miniprogramState: MiniprogramState;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';

/** `cloud.openapi.security.msgSecCheck` request, version 2. */
export interface MsgSecCheckRequest {
  readonly content: string;
  readonly version: 2;
  /** 1 资料 (profile), 2 评论 (comment), 3 论坛 (post), 4 社交日志 (journal). */
  readonly scene: 1 | 2 | 3 | 4;
  readonly openid: string;
}

/** What msgSecCheck v2 answers (after the SDK's snake→camel conversion). */
export interface MsgSecCheckResult {
  readonly errCode?: number;
  readonly result?: { readonly suggest?: string; readonly label?: number };
  readonly traceId?: string;
}

export interface WxCloud {
  readonly openapi: {
    readonly subscribeMessage: { send(request: SubscribeSendRequest): Promise<unknown> };
    readonly security: { msgSecCheck(request: MsgSecCheckRequest): Promise<MsgSecCheckResult> };
  };
}

/** Gets the (initialised) SDK; loads it on first use. */
export type WxCloudLoader = () => Promise<WxCloud>;

interface WxServerSdk extends WxCloud {
  init(options: { env: unknown }): void;
  readonly DYNAMIC_CURRENT_ENV: unknown;
}

/**
 * Loads and initialises wx-server-sdk once, for the environment the function runs in. A
 * failed load is not cached: the next call tries again.
 */
export function lazyWxCloud(): WxCloudLoader {
  let loading: Promise<WxCloud> | undefined;
  return () => {
    loading ??= import('wx-server-sdk')
      .then((mod: unknown) => {
        const sdk = ((mod as { default?: unknown }).default ?? mod) as WxServerSdk;
        sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
        return sdk as WxCloud;
      })
      .catch((thrown: unknown) => {
        loading = undefined;
        throw thrown;
      });
    return loading;
  };
}

/**
 * The WeChat error code of a failed open-API call. wx-server-sdk throws a CloudSDKError
 * carrying `errCode` (the WeChat `errcode`, e.g. 43101) and `errMsg`.
 */
export function wxErrorCode(thrown: unknown): number | null {
  if (typeof thrown !== 'object' || thrown === null) return null;
  const code = (thrown as { errCode?: unknown }).errCode;
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^-?\d+$/.test(code)) return Number(code);
  return null;
}

/** A short description of a failed open-API call, for logs and the outbox's `lastError`. */
export function wxErrorText(thrown: unknown): string {
  const code = wxErrorCode(thrown);
  const msg =
    typeof thrown === 'object' && thrown !== null && 'errMsg' in thrown
      ? String((thrown as { errMsg: unknown }).errMsg)
      : thrown instanceof Error
        ? thrown.message
        : String(thrown);
  return code === null ? msg : `errCode ${code}: ${msg}`;
}
