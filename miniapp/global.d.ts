/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';
declare module '*.css';

/** The CloudBase environment id, fixed at build time from TCB_ENV_ID (config/index.ts). */
declare const CLOUD_ENV: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}
