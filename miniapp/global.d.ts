/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';
declare module '*.css';

/** The CloudBase environment id, fixed at build time from TCB_ENV_ID (config/index.ts). */
declare const CLOUD_ENV: string;

/** Subscribe-message template ids per moment, from MINIAPP_SUBSCRIBE_TEMPLATES at build time. */
declare const SUBSCRIBE_TEMPLATES: Partial<Record<string, string[]>>;

/**
 * Whether the templates are long-term subscriptions (政务民生 category), from
 * MINIAPP_SUBSCRIBE_LONG_TERM=1 at build time: an acceptance then need not be asked again.
 */
declare const SUBSCRIBE_LONG_TERM: boolean;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}
