/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';
declare module '*.css';

/** The CloudBase environment id, fixed at build time from TCB_ENV_ID (config/index.ts). */
declare const CLOUD_ENV: string;

/** Subscribe-message template ids per moment, from MINIAPP_SUBSCRIBE_TEMPLATES at build time. */
declare const SUBSCRIBE_TEMPLATES: Partial<Record<string, string[]>>;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}
