/**
 * Taro build configuration of the mini-program: one source tree (miniapp/) built for WeChat
 * (`--type weapp` → dist/weapp) and for the browser (`--type h5` → dist/h5, served by the
 * local host). docs/platform.md records why each non-default setting is here.
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const root = path.resolve(__dirname, '..');
const platform = process.env.TARO_ENV ?? 'h5';
// TARO_OUTPUT_ROOT lets a second build run beside the main one (budgets, parallel work).
const outputRoot = process.env.TARO_OUTPUT_ROOT ?? `dist/${platform}`;
// The CloudBase environment id for `Taro.cloud.init` on weapp, fixed at build time.
const cloudEnv = process.env.TCB_ENV_ID ?? '';
// Subscribe-message template ids (订阅消息模板) per consent moment, as JSON, e.g.
// {"staffTasks":["<task>"],"concern":["<concern>"],"booking":["<mediation>"],"clue":["<clue>"]}
// (miniapp/services/subscribe.types.ts). Without them the weapp does not ask (the inbox still
// shows everything). MINIAPP_SUBSCRIBE_LONG_TERM=1: the templates are long-term ones (政务民生).
const CONSENT_MOMENTS = ['staffTasks', 'concern', 'booking', 'clue'];
const subscribeTemplates = parseTemplates(process.env.MINIAPP_SUBSCRIBE_TEMPLATES);
const subscribeLongTerm = process.env.MINIAPP_SUBSCRIBE_LONG_TERM === '1';

function parseTemplates(raw: string | undefined): Record<string, string[]> {
  if (!raw?.trim()) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('MINIAPP_SUBSCRIBE_TEMPLATES must be a JSON object of moment → template ids');
  }
  for (const [moment, ids] of Object.entries(parsed)) {
    if (!CONSENT_MOMENTS.includes(moment)) {
      throw new Error(
        `MINIAPP_SUBSCRIBE_TEMPLATES: unknown moment ${moment} (${CONSENT_MOMENTS.join(', ')})`,
      );
    }
    // WeChat asks for at most 3 templates in one dialog.
    if (
      !Array.isArray(ids) ||
      ids.length > 3 ||
      ids.some((id) => typeof id !== 'string' || id === '')
    ) {
      throw new Error(`MINIAPP_SUBSCRIBE_TEMPLATES.${moment}: 1 to 3 template ids`);
    }
  }
  return parsed as Record<string, string[]>;
}

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'hehe-shuoshi',
    date: '2026-11-24',
    // NutUI is drawn at 375 px; our own styles at 750 px (docs/platform.md).
    designWidth(input) {
      const file =
        typeof input === 'object' && input !== null
          ? String((input as { file?: string }).file ?? '')
          : '';
      return file.replace(/\\/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'miniapp',
    outputRoot,
    plugins: [],
    defineConstants: {
      CLOUD_ENV: JSON.stringify(cloudEnv),
      SUBSCRIBE_TEMPLATES: JSON.stringify(subscribeTemplates),
      SUBSCRIBE_LONG_TERM: JSON.stringify(subscribeLongTerm),
    },
    alias: {
      '@shared': path.resolve(root, 'shared'),
    },
    // sitemap.json (which pages WeChat search may index) sits beside app.json in the weapp build.
    copy: {
      patterns:
        platform === 'weapp'
          ? [{ from: 'miniapp/sitemap.json', to: `${outputRoot}/sitemap.json` }]
          : [],
      options: {},
    },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      // shared/ sits outside sourceRoot: without this the first TypeScript in it fails to parse.
      compile: { include: [path.resolve(root, 'shared')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      compile: { include: [path.resolve(root, 'shared')] },
      router: { mode: 'hash' },
      esnextModules: ['@nutui'],
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
  };
  return config;
});
