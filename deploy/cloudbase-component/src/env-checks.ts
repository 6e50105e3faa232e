/**
 * Checks of function environment variables that the CloudBase adapters parse at cold start: a
 * bad value there would fail every call of the function, so the plan checks it with the
 * adapters' own parsers (which load zod only, no SDK) and reports it before anything deploys.
 */
import {
  miniprogramStateOf,
  parseSubscribeTemplates,
} from '../../../functions/adapters/cloudbase/subscribe.push';

/** Variable name → a parser that throws on a bad value. */
export type EnvChecks = Readonly<Record<string, (value: string) => unknown>>;

export const ENV_CHECKS: EnvChecks = {
  WX_SUBSCRIBE_TEMPLATES: parseSubscribeTemplates,
  WX_MINIPROGRAM_STATE: miniprogramStateOf,
};
