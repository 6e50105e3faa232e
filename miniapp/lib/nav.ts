/** Navigation by route name with query parameters, tab pages by switchTab. */
import Taro from '@tarojs/taro';
import type { RouteName } from '../routes';
import { ROUTES, TAB_ROUTES } from '../routes';

type Params = Record<string, string | number | undefined>;

function urlOf(route: RouteName, params: Params): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `${ROUTES[route]}?${query}` : ROUTES[route];
}

/** Opens a page; a tab page by switchTab (tabs take no parameters). */
export function go(route: RouteName, params: Params = {}): void {
  if (TAB_ROUTES.includes(route)) void Taro.switchTab({ url: ROUTES[route] });
  else void Taro.navigateTo({ url: urlOf(route, params) });
}

/** Replaces the current page (after a submission: the form is not kept in history). */
export function replace(route: RouteName, params: Params = {}): void {
  if (TAB_ROUTES.includes(route)) void Taro.switchTab({ url: ROUTES[route] });
  else void Taro.redirectTo({ url: urlOf(route, params) });
}

/** The current page's query parameter (decoded), or ''. */
export function param(name: string): string {
  const value = Taro.getCurrentInstance().router?.params?.[name];
  return typeof value === 'string' ? decodeURIComponent(value) : '';
}
