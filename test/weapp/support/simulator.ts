/**
 * A simulated WeChat base library (基础库) that runs the built mini-program (`dist/weapp`) in
 * Node, one phone per instance. There is no WeChat DevTools on Linux, so this is what executes
 * the weapp code: the app service's JavaScript runs in its own `vm` context with only what
 * WeChat's JS engine gives it (`App`, `Page`, `Component`, `getApp`, `getCurrentPages`, `wx`,
 * timers, console — no `window`, `document`, `process` or `require` of Node modules).
 *
 * What comes from the registry: each page instance is a component of `miniprogram-simulate`
 * (j-component on WeChat's own exparser), so `setData` paths and data merging behave as the
 * base library's do. Its rendered DOM stays empty — Taro's `base.wxml` uses `template is=` and
 * `wxs src`, which j-component does not render — so the tests read the page's data tree
 * (`data.root`, Taro's element tree: `uid` = the element's id, `v` = text) and drive events
 * through the page's Taro event handler (`eh`), as WeChat's own templates do (`bindtap="eh"`).
 *
 * The rules WeChat enforces and this one does too:
 * - `wx.requestSubscribeMessage` only synchronously within a tap handler ("can only be invoked
 *   by user TAP gesture"), at most 3 templates a call;
 * - one `setData` payload ≤ 1 MB (the largest is reported);
 * - the main package and each subpackage ≤ 2 MB, all together ≤ 30 MB;
 * - `navigateTo` never opens a tab page, `switchTab` only opens one, at most 10 pages deep;
 * - a page exists only if `app.json` lists it (a subpackage's page loads its package first).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import vm from 'node:vm';
import { JSDOM } from 'jsdom';

/** The base library's limits (WeChat's documentation of 分包 and setData). */
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
export const TOTAL_PACKAGE_LIMIT_BYTES = 30 * 1024 * 1024;
export const SET_DATA_LIMIT_BYTES = 1024 * 1024;
export const MAX_SUBSCRIBE_TEMPLATES = 3;
const MAX_PAGE_STACK = 10;

const TAP_ONLY = 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.';

type Json = Record<string, unknown>;
type Callbacks = {
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
  complete?: (res: unknown) => void;
};

interface AppJson {
  readonly pages: string[];
  readonly subPackages?: { root: string; pages: string[] }[];
  readonly tabBar?: { list: { pagePath: string }[] };
  readonly preloadRule?: Record<string, { packages: string[]; network?: string }>;
  readonly lazyCodeLoading?: string;
  readonly sitemapLocation?: string;
}

/** One `wx.*` call the mini-program made. */
export interface WxCall {
  readonly api: string;
  readonly args: unknown;
  /** Whether it ran synchronously inside a tap handler. */
  readonly inTap: boolean;
  readonly page: string | null;
}

/** A consent dialog WeChat showed, and what the person answered. */
export interface SubscribeDialog {
  readonly tmplIds: readonly string[];
  readonly answers: Readonly<Record<string, 'accept' | 'reject'>>;
  readonly page: string | null;
}

/** The server side of a subscription: what WeChat remembers a user granted. */
export interface SubscriptionLedger {
  grant(openid: string, templateId: string): void;
}

export interface CloudCaller {
  callFunction(name: string, data: unknown, openid: string): Promise<unknown>;
}

export interface SimulatorOptions {
  /** The weapp build (`dist/weapp`). */
  readonly root: string;
  readonly openid: string;
  readonly cloud: CloudCaller;
  readonly ledger: SubscriptionLedger;
  /** What the person answers in a consent dialog (default: allow everything). */
  readonly answer?: (templateId: string) => 'accept' | 'reject';
  /** WeChat's own font size setting (`getAppBaseInfo().fontSizeSetting`), default 16. */
  readonly fontSizeSetting?: number;
  /** Whether WeChat has a new version of the mini-program downloaded (UpdateManager). */
  readonly updateReady?: boolean;
}

export interface PackageSizes {
  readonly main: number;
  readonly subPackages: Readonly<Record<string, number>>;
  readonly total: number;
}

/** Bytes of every file under `dir`, skipping the folders in `skip` (relative to `root`). */
function sizeOf(root: string, dir: string, skip: readonly string[]): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip.includes(relative(root, path))) continue;
    const stat = statSync(path);
    total += stat.isDirectory() ? sizeOf(root, path, skip) : stat.size;
  }
  return total;
}

/** The package sizes of a weapp build, checked against WeChat's limits (throws past them). */
export function checkPackages(root: string): PackageSizes {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as AppJson;
  const roots = (app.subPackages ?? []).map((p) => normalize(p.root).replace(/\/$/, ''));
  const main = sizeOf(root, root, roots);
  const subPackages = Object.fromEntries(roots.map((r) => [r, sizeOf(root, join(root, r), [])]));
  const total = main + Object.values(subPackages).reduce((a, b) => a + b, 0);
  const over = [
    ...(main > PACKAGE_LIMIT_BYTES ? [`main package ${main} B`] : []),
    ...Object.entries(subPackages)
      .filter(([, bytes]) => bytes > PACKAGE_LIMIT_BYTES)
      .map(([name, bytes]) => `subpackage ${name} ${bytes} B`),
    ...(total > TOTAL_PACKAGE_LIMIT_BYTES ? [`all packages ${total} B`] : []),
  ];
  if (over.length > 0)
    throw new Error(`WeChat refuses the upload: ${over.join(', ')} over the limit`);
  return { main, subPackages, total };
}

/**
 * The part of miniprogram-simulate used here. Its own typings pull in miniprogram-api-typings,
 * whose global `require` (WeChat's) would replace Node's in this project's type check, so the
 * package is required by a name the compiler does not resolve.
 */
interface Simulate {
  load(definition: { data: Json; template: string; methods: Record<string, unknown> }): string;
  render(id: string): { readonly instance: Json };
}
const SIMULATE_PACKAGE = 'miniprogram-simulate';

// miniprogram-simulate needs a DOM to render into (it stays empty, see above) and registers
// `Component`/`Behavior` on the test's global; the mini-program itself never sees either.
let simulate: Simulate | undefined;
function simulateLib(): Simulate {
  if (simulate === undefined) {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as unknown as Json;
    g.window = dom.window;
    g.document = dom.window.document;
    g.Event = dom.window.Event;
    g.Element = dom.window.Element;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    simulate = require(SIMULATE_PACKAGE) as Simulate;
  }
  return simulate;
}

interface PageInstance extends Json {
  readonly data: Json;
  setData(data: Json, callback?: () => void): void;
  route: string;
  options: Record<string, string>;
}

/** One open page: its route, its instance (the page's `this`) and its Taro data tree. */
export class SimPage {
  constructor(
    readonly route: string,
    readonly query: Readonly<Record<string, string>>,
    readonly instance: PageInstance,
  ) {}

  /** Taro's element tree as the page's data holds it. */
  get root(): Json {
    return (this.instance.data.root as Json | undefined) ?? {};
  }

  /** Every text on the page (or in the element with this id), in order, joined by newlines. */
  text(id?: string): string {
    const out: string[] = [];
    const walk = (node: Json): void => {
      if (typeof node.v === 'string' && node.v.trim() !== '') out.push(node.v);
      for (const child of (node.cn as (Json | null)[] | undefined) ?? []) if (child) walk(child);
    };
    const from = id === undefined ? this.root : this.find(id);
    if (from !== null) walk(from);
    return out.join('\n');
  }

  /** The element with this id (`uid`), or null. */
  find(id: string): Json | null {
    let found: Json | null = null;
    const walk = (node: Json): void => {
      if (found !== null) return;
      if (node.uid === id) found = node;
      for (const child of (node.cn as (Json | null)[] | undefined) ?? []) if (child) walk(child);
    };
    walk(this.root);
    return found;
  }

  /** The element with this id and its ancestors, nearest first (the way a tap bubbles). */
  bubblePath(id: string): Json[] {
    const path: Json[] = [];
    const walk = (node: Json, ancestors: Json[]): boolean => {
      if (node.uid === id) {
        path.push(node, ...ancestors.filter((a) => typeof a.sid === 'string').reverse());
        return true;
      }
      for (const child of (node.cn as (Json | null)[] | undefined) ?? []) {
        if (child && walk(child, [...ancestors, node])) return true;
      }
      return false;
    };
    walk(this.root, []);
    return path;
  }

  /** Ids of the elements whose id starts with `prefix`. */
  ids(prefix = ''): string[] {
    const out: string[] = [];
    const walk = (node: Json): void => {
      if (typeof node.uid === 'string' && node.uid.startsWith(prefix)) out.push(node.uid);
      for (const child of (node.cn as (Json | null)[] | undefined) ?? []) if (child) walk(child);
    };
    walk(this.root);
    return out;
  }
}

/** One phone running the mini-program. */
export class WeappSimulator {
  /** Every `wx.*` call, in order. */
  readonly calls: WxCall[] = [];
  readonly dialogs: SubscribeDialog[] = [];
  /** Warnings and errors the mini-program logged (Taro warns about unsupported APIs here). */
  readonly console: { level: string; text: string }[] = [];
  /** Taps, in order: id and route. */
  readonly taps: { id: string; route: string }[] = [];
  readonly stack: SimPage[] = [];
  readonly storage = new Map<string, unknown>();
  readonly packages: PackageSizes;
  /** The largest setData payload so far, in bytes of JSON, and the page that sent it. */
  largestSetData = { bytes: 0, route: '' };
  /** Thrown in the app (uncaught in a timer or a promise callback, as WeChat reports them). */
  readonly errors: string[] = [];

  private readonly app: AppJson;
  private readonly context: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly loadedPackages = new Set<string>(['']);
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly intervals = new Set<ReturnType<typeof setInterval>>();
  private readonly networkListeners: ((res: { isConnected: boolean }) => void)[] = [];
  private appInstance: Json | null = null;
  private registeringPage: Json | null = null;
  private tapDepth = 0;
  private pending = 0;

  private constructor(private readonly options: SimulatorOptions) {
    this.packages = checkPackages(options.root);
    this.app = JSON.parse(readFileSync(join(options.root, 'app.json'), 'utf8')) as AppJson;
    this.context = vm.createContext(this.globals());
  }

  /** Starts the mini-program as WeChat does on a cold start: App, then the first page. */
  static async launch(
    options: SimulatorOptions,
    path = 'pages/index/index',
  ): Promise<WeappSimulator> {
    const sim = new WeappSimulator(options);
    sim.requireFile(join(options.root, 'app.js'));
    const app = sim.appInstance;
    if (app === null) throw new Error('app.js did not call App()');
    const { route, query } = sim.routeOf(path);
    const launch = sim.inApp({ path: route, query, scene: 1001 });
    (app.onLaunch as ((o: unknown) => void) | undefined)?.call(app, launch);
    (app.onShow as ((o: unknown) => void) | undefined)?.call(app, launch);
    sim.openPage(route, query);
    await sim.idle();
    return sim;
  }

  get page(): SimPage {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) throw new Error('no page is open');
    return top;
  }

  /**
   * A tap on the element with this id, as WeChat delivers it: to `bindtap="eh"` of the element,
   * then of each ancestor (tap bubbles; Taro runs the handlers when the topmost bound one is
   * reached), all within one synchronous gesture.
   */
  tap(id: string): void {
    const page = this.page;
    const path = page.bubblePath(id);
    const target = path[0];
    if (target === undefined) {
      throw new Error(`#${id} is not on ${page.route}; ids there: ${page.ids().join(' ')}`);
    }
    this.taps.push({ id, route: page.route });
    this.tapDepth += 1;
    try {
      for (const current of path) this.dispatch(page, 'tap', target, { x: 0, y: 0 }, current);
    } finally {
      this.tapDepth -= 1;
    }
  }

  /** Typing into an input or textarea: its `input` event with the whole value. */
  input(id: string, value: string): void {
    const page = this.page;
    const node = page.find(id);
    if (node === null) throw new Error(`#${id} is not on ${page.route}`);
    this.dispatch(page, 'input', node, { value, cursor: value.length, keyCode: 0 }, node);
  }

  /** Waits until `check` holds (polling while the app's calls and timers run). */
  async until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const started = Date.now();
    while (!check()) {
      if (this.errors.length > 0) throw new Error(`the mini-program threw: ${this.errors[0]}`);
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `timed out waiting for ${what} on ${this.stack.at(-1)?.route ?? '(none)'}:\n${this.stack.at(-1)?.text() ?? ''}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits for `route` to be the open page and for `text` to show on it. */
  async onPage(route: string, text?: string): Promise<SimPage> {
    await this.until(
      () =>
        this.stack.at(-1)?.route === route &&
        (text === undefined || this.page.text().includes(text)),
      text === undefined ? route : `${route} showing 「${text}」`,
    );
    return this.page;
  }

  /** Waits until no callFunction is in flight and the event loop has turned. */
  async idle(): Promise<void> {
    await this.until(() => this.pending === 0, 'the cloud calls to finish');
    await new Promise((resolve) => setTimeout(resolve, 30));
  }

  /** Closes every page and clears the app's timers (the phone is put away). */
  close(): void {
    while (this.stack.length > 0) this.unload(this.stack.pop() as SimPage);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
  }

  private dispatch(page: SimPage, type: string, node: Json, detail: Json, current: Json): void {
    const handler = page.instance.eh as ((event: unknown) => unknown) | undefined;
    if (typeof handler !== 'function') throw new Error(`${page.route} has no Taro event handler`);
    const event = {
      type,
      timeStamp: Date.now(),
      target: { id: node.uid ?? node.sid, dataset: { sid: node.sid } },
      currentTarget: { id: current.uid ?? current.sid, dataset: { sid: current.sid } },
      detail,
      touches: [],
      changedTouches: [],
      mark: {},
    };
    handler.call(page.instance, this.inApp(event));
  }

  /** A value copied into the app's realm (as WeChat serialises what crosses into it). */
  private inApp<T>(value: T): T {
    if (value === undefined) return value;
    return vm.runInContext(
      `JSON.parse(${JSON.stringify(JSON.stringify(value))})`,
      this.context,
    ) as T;
  }

  private record(api: string, args: unknown): void {
    this.calls.push({
      api,
      args: args === undefined ? undefined : JSON.parse(JSON.stringify(args) ?? 'null'),
      inTap: this.tapDepth > 0,
      page: this.stack.at(-1)?.route ?? null,
    });
  }

  /** Answers a callback-style API later, as WeChat does (never synchronously). */
  private later(options: Callbacks | undefined, outcome: { ok: boolean; res: Json }): unknown {
    const res = this.inApp(outcome.res);
    const settle = (): void => {
      try {
        if (outcome.ok) options?.success?.(res);
        else options?.fail?.(res);
        options?.complete?.(res);
      } catch (thrown) {
        this.errors.push(String(thrown instanceof Error ? thrown.stack : thrown));
      }
    };
    const t = setTimeout(() => {
      this.timers.delete(t);
      settle();
    }, 0);
    this.timers.add(t);
    return undefined;
  }

  private ok(api: string, extra: Json = {}): { ok: true; res: Json } {
    return { ok: true, res: { errMsg: `${api}:ok`, ...extra } };
  }

  private fail(api: string, why: string, extra: Json = {}): { ok: false; res: Json } {
    return { ok: false, res: { errMsg: `${api}:fail ${why}`, ...extra } };
  }

  private routeOf(url: string): { route: string; query: Record<string, string> } {
    const [path = '', search = ''] = url.replace(/^\//, '').split('?');
    const query: Record<string, string> = {};
    for (const part of search.split('&').filter(Boolean)) {
      const [k = '', v = ''] = part.split('=');
      query[k] = v; // WeChat hands the query over as written in the URL (still encoded).
    }
    return { route: path, query };
  }

  private isTab(route: string): boolean {
    return (this.app.tabBar?.list ?? []).some((t) => t.pagePath === route);
  }

  private packageOf(route: string): string | null {
    if (this.app.pages.includes(route)) return '';
    for (const sub of this.app.subPackages ?? []) {
      const root = sub.root.replace(/\/$/, '');
      if (sub.pages.some((p) => `${root}/${p}` === route)) return root;
    }
    return null;
  }

  private navigate(api: string, options: Json & Callbacks): unknown {
    this.record(api, { url: options.url, delta: options.delta });
    if (api === 'navigateBack') {
      const delta = Math.max(1, Number(options.delta ?? 1));
      if (this.stack.length <= 1)
        return this.later(options, this.fail(api, 'cannot navigate back at first page.'));
      setTimeout(() => {
        for (let i = 0; i < delta && this.stack.length > 1; i++)
          this.unload(this.stack.pop() as SimPage);
        this.show(this.page);
      }, 0);
      return this.later(options, this.ok(api));
    }
    const { route, query } = this.routeOf(String(options.url ?? ''));
    if (this.packageOf(route) === null) {
      return this.later(options, this.fail(api, `page "${route}" is not found`));
    }
    if (api === 'navigateTo' && this.isTab(route)) {
      return this.later(options, this.fail(api, `can not navigateTo a tabbar page`));
    }
    if (api === 'switchTab' && !this.isTab(route)) {
      return this.later(options, this.fail(api, `can not switch to no-tabBar page`));
    }
    if (api === 'navigateTo' && this.stack.length >= MAX_PAGE_STACK) {
      return this.later(options, this.fail(api, 'webview count limit exceed'));
    }
    setTimeout(() => {
      try {
        if (api === 'redirectTo') this.unload(this.stack.pop() as SimPage);
        if (api === 'switchTab' || api === 'reLaunch') {
          while (this.stack.length > 0) this.unload(this.stack.pop() as SimPage);
        }
        if (api === 'navigateTo') this.hide(this.page);
        this.openPage(route, query);
      } catch (thrown) {
        this.errors.push(String(thrown instanceof Error ? thrown.stack : thrown));
      }
    }, 0);
    return this.later(options, this.ok(api));
  }

  private requirePackage(root: string): void {
    if (this.loadedPackages.has(root)) return;
    // A subpackage is downloaded when one of its pages opens (or by preloadRule).
    this.loadedPackages.add(root);
  }

  private openPage(route: string, query: Record<string, string>): void {
    const pkg = this.packageOf(route);
    if (pkg === null) throw new Error(`app.json lists no page ${route}`);
    this.requirePackage(pkg);
    this.registeringPage = null;
    this.requireFile(join(this.options.root, `${route}.js`));
    const pageOptions = this.registeringPage as Json | null;
    if (pageOptions === null) throw new Error(`${route}.js did not call Page()`);
    const sim = simulateLib();
    const methods: Record<string, unknown> = {};
    const fields: Json = {};
    for (const [key, value] of Object.entries(pageOptions)) {
      if (key === 'data') continue;
      if (typeof value === 'function') methods[key] = value;
      else fields[key] = value;
    }
    const id = sim.load({
      data: JSON.parse(JSON.stringify(pageOptions.data ?? {})) as Json,
      template: '<view></view>',
      methods,
    });
    const component = sim.render(id);
    const instance = component.instance as unknown as PageInstance;
    Object.assign(instance, fields, { route, __route__: route, options: query });
    const setData = instance.setData.bind(instance);
    instance.setData = (data: Json, callback?: () => void): void => {
      // What crosses to the view layer is serialised (WeChat sends it as JSON): measured and
      // copied here, which also brings the app realm's arrays into this one.
      const json = JSON.stringify(data);
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > this.largestSetData.bytes) this.largestSetData = { bytes, route };
      if (bytes > SET_DATA_LIMIT_BYTES) {
        throw new Error(`setData on ${route}: ${bytes} B is over WeChat's 1 MB limit`);
      }
      setData(JSON.parse(json) as Json, callback);
    };
    const page = new SimPage(route, query, instance);
    this.stack.push(page);
    (instance.onLoad as ((q: unknown) => void) | undefined)?.call(instance, this.inApp(query));
    this.show(page);
    (instance.onReady as (() => void) | undefined)?.call(instance);
  }

  private show(page: SimPage): void {
    (page.instance.onShow as (() => void) | undefined)?.call(page.instance);
  }

  private hide(page: SimPage): void {
    (page.instance.onHide as (() => void) | undefined)?.call(page.instance);
  }

  private unload(page: SimPage): void {
    (page.instance.onUnload as (() => void) | undefined)?.call(page.instance);
  }

  /** WeChat's module system: files of the package, by path relative to the requiring file. */
  private requireFile(file: string): unknown {
    const path = normalize(file.endsWith('.js') ? file : `${file}.js`);
    const cached = this.modules.get(path);
    if (cached !== undefined) return cached.exports;
    if (!path.startsWith(normalize(this.options.root))) {
      throw new Error(`module "${path}" is outside the mini-program package`);
    }
    const module = { exports: {} as unknown };
    this.modules.set(path, module);
    const source = readFileSync(path, 'utf8');
    const wrapped = vm.runInContext(
      `(function (require, module, exports) {${source}\n})`,
      this.context,
      { filename: path },
    ) as (r: (p: string) => unknown, m: unknown, e: unknown) => void;
    wrapped((p: string) => this.requireFile(join(dirname(path), p)), module, module.exports);
    return module.exports;
  }

  private globals(): Json {
    const track = <T>(set: Set<T>, handle: T): T => {
      set.add(handle);
      return handle;
    };
    const guard =
      (fn: (...a: unknown[]) => unknown) =>
      (...args: unknown[]): void => {
        try {
          fn(...args);
        } catch (thrown) {
          this.errors.push(String(thrown instanceof Error ? thrown.stack : thrown));
        }
      };
    const log =
      (level: string) =>
      (...args: unknown[]): void => {
        this.console.push({
          level,
          text: args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '),
        });
      };
    return {
      console: {
        log: log('log'),
        info: log('info'),
        debug: log('debug'),
        warn: log('warn'),
        error: log('error'),
      },
      setTimeout: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) => {
        const handle: ReturnType<typeof setTimeout> = setTimeout(() => {
          this.timers.delete(handle);
          guard(fn)(...args);
        }, ms);
        return track(this.timers, handle);
      },
      clearTimeout: (handle: ReturnType<typeof setTimeout>) => {
        this.timers.delete(handle);
        clearTimeout(handle);
      },
      setInterval: (fn: (...a: unknown[]) => unknown, ms?: number, ...args: unknown[]) =>
        track(this.intervals, setInterval(guard(fn), ms, ...args)),
      clearInterval: (handle: ReturnType<typeof setInterval>) => {
        this.intervals.delete(handle);
        clearInterval(handle);
      },
      App: (options: Json) => {
        this.appInstance = options;
      },
      getApp: () => this.appInstance,
      Page: (options: Json) => {
        this.registeringPage = options;
      },
      // Taro's comp.js and custom-wrapper: registered, never instantiated (nothing renders).
      Component: (options: Json) => options,
      Behavior: (options: Json) => options,
      getCurrentPages: () => this.stack.map((p) => p.instance),
      wx: this.wx(),
    };
  }

  private systemInfo(): Json {
    return {
      brand: 'devtools',
      model: 'simulated',
      pixelRatio: 2,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 724,
      statusBarHeight: 44,
      language: 'zh_CN',
      version: '8.0.50',
      system: 'Linux',
      platform: 'devtools',
      SDKVersion: '3.7.0',
      fontSizeSetting: this.options.fontSizeSetting ?? 16,
      theme: 'light',
      safeArea: { left: 0, right: 375, top: 44, bottom: 778, width: 375, height: 734 },
    };
  }

  private wx(): Json {
    const storage = this.storage;
    const sync =
      (api: string, fn: (...args: never[]) => unknown) =>
      (...args: never[]): unknown => {
        this.record(api, args[0]);
        return this.inApp(fn(...args));
      };
    const async =
      (api: string, answer: (o: Json) => Json = () => ({})) =>
      (options: Json & Callbacks = {}): unknown => {
        this.record(api, options);
        return this.later(options, this.ok(api, answer(options)));
      };
    const clone = (value: unknown): unknown =>
      value === undefined ? '' : (JSON.parse(JSON.stringify(value)) as unknown);
    return {
      getSystemInfoSync: sync('getSystemInfoSync', () => this.systemInfo()),
      getSystemInfo: async('getSystemInfo', () => this.systemInfo()),
      getWindowInfo: sync('getWindowInfo', () => this.systemInfo()),
      getDeviceInfo: sync('getDeviceInfo', () => this.systemInfo()),
      getAppBaseInfo: sync('getAppBaseInfo', () => this.systemInfo()),
      getSystemSetting: sync('getSystemSetting', () => ({ wifiEnabled: true })),
      getAccountInfoSync: sync('getAccountInfoSync', () => ({
        miniProgram: { appId: 'wx0123456789abcdef', envVersion: 'develop', version: '' },
      })),
      getLaunchOptionsSync: sync('getLaunchOptionsSync', () => ({
        path: 'pages/index/index',
        query: {},
        scene: 1001,
      })),
      getEnterOptionsSync: sync('getEnterOptionsSync', () => ({
        path: 'pages/index/index',
        query: {},
        scene: 1001,
      })),
      canIUse: () => true,
      getStorageSync: sync('getStorageSync', (key: string) => clone(storage.get(key))),
      setStorageSync: sync('setStorageSync', (key: string, value: unknown) => {
        storage.set(key, clone(value));
      }),
      removeStorageSync: sync('removeStorageSync', (key: string) => {
        storage.delete(key);
      }),
      getStorage: (o: Json & Callbacks) => {
        this.record('getStorage', o);
        const key = String(o.key);
        return this.later(
          o,
          storage.has(key)
            ? this.ok('getStorage', { data: clone(storage.get(key)) })
            : this.fail('getStorage', 'data not found'),
        );
      },
      setStorage: (o: Json & Callbacks) => {
        this.record('setStorage', o);
        storage.set(String(o.key), clone(o.data));
        return this.later(o, this.ok('setStorage'));
      },
      showToast: async('showToast'),
      hideToast: async('hideToast'),
      showLoading: async('showLoading'),
      hideLoading: async('hideLoading'),
      showModal: async('showModal', () => ({ confirm: true, cancel: false })),
      setNavigationBarTitle: async('setNavigationBarTitle'),
      stopPullDownRefresh: async('stopPullDownRefresh'),
      pageScrollTo: async('pageScrollTo'),
      showShareMenu: async('showShareMenu'),
      vibrateShort: async('vibrateShort'),
      setClipboardData: async('setClipboardData'),
      makePhoneCall: async('makePhoneCall'),
      previewImage: async('previewImage'),
      chooseLocation: async('chooseLocation', () => ({
        name: '小店镇卫生院',
        address: '山东省日照市莒县小店镇',
        latitude: 35.6,
        longitude: 118.9,
      })),
      getNetworkType: async('getNetworkType', () => ({ networkType: 'wifi' })),
      onNetworkStatusChange: (fn: (res: { isConnected: boolean }) => void) => {
        this.record('onNetworkStatusChange', undefined);
        this.networkListeners.push(fn);
      },
      offNetworkStatusChange: (fn: (res: { isConnected: boolean }) => void) => {
        const i = this.networkListeners.indexOf(fn);
        if (i >= 0) this.networkListeners.splice(i, 1);
      },
      getUpdateManager: () => {
        this.record('getUpdateManager', undefined);
        return {
          onCheckForUpdate: (fn: (res: unknown) => void) =>
            this.later({ success: fn }, { ok: true, res: { hasUpdate: false } }),
          onUpdateReady: (fn: () => void) => {
            if (this.options.updateReady === true)
              this.later({ success: fn }, { ok: true, res: {} });
          },
          onUpdateFailed: () => undefined,
          applyUpdate: () => this.record('UpdateManager.applyUpdate', undefined),
        };
      },
      createSelectorQuery: () => {
        const query = {
          in: () => query,
          select: () => query,
          selectAll: () => query,
          selectViewport: () => query,
          boundingClientRect: () => query,
          scrollOffset: () => query,
          fields: () => query,
          exec: (fn?: (res: unknown) => void) => this.later({ success: fn }, { ok: true, res: {} }),
        };
        return query;
      },
      getSetting: (o: Json & Callbacks) => {
        this.record('getSetting', o);
        return this.later(
          o,
          this.ok('getSetting', { authSetting: {}, subscriptionsSetting: { mainSwitch: true } }),
        );
      },
      requestSubscribeMessage: (o: Json & Callbacks) => {
        this.record('requestSubscribeMessage', o);
        const api = 'requestSubscribeMessage';
        // The rule that matters: only inside the tap's own synchronous run, not after an await.
        if (this.tapDepth === 0)
          return this.later(o, { ok: false, res: { errMsg: TAP_ONLY, errCode: 10005 } });
        const ids = Array.isArray(o.tmplIds) ? (o.tmplIds as string[]) : [];
        if (ids.length === 0)
          return this.later(o, this.fail(api, 'TmplIds can not be empty', { errCode: 10001 }));
        if (ids.length > MAX_SUBSCRIBE_TEMPLATES) {
          return this.later(
            o,
            this.fail(api, 'Templates count out of max bounds', { errCode: 20003 }),
          );
        }
        const answers: Record<string, 'accept' | 'reject'> = {};
        for (const tmpl of ids) {
          answers[tmpl] = this.options.answer?.(tmpl) ?? 'accept';
          if (answers[tmpl] === 'accept') this.options.ledger.grant(this.options.openid, tmpl);
        }
        this.dialogs.push({ tmplIds: [...ids], answers, page: this.stack.at(-1)?.route ?? null });
        return this.later(o, this.ok(api, answers));
      },
      chooseMedia: (o: Json & Callbacks) => {
        this.record('chooseMedia', o);
        return this.later(o, this.fail('chooseMedia', 'cancel'));
      },
      navigateTo: (o: Json & Callbacks) => this.navigate('navigateTo', o),
      redirectTo: (o: Json & Callbacks) => this.navigate('redirectTo', o),
      switchTab: (o: Json & Callbacks) => this.navigate('switchTab', o),
      reLaunch: (o: Json & Callbacks) => this.navigate('reLaunch', o),
      navigateBack: (o: Json & Callbacks = {}) => this.navigate('navigateBack', o),
      cloud: {
        init: (o: Json) => this.record('cloud.init', o),
        callFunction: (o: Json & Callbacks & { name: string; data: unknown }) => {
          this.record('cloud.callFunction', { name: o.name, data: o.data });
          this.pending += 1;
          const done = this.options.cloud
            .callFunction(o.name, JSON.parse(JSON.stringify(o.data ?? {})), this.options.openid)
            .then(
              (result) => this.inApp({ result, errMsg: 'cloud.callFunction:ok', requestID: 'sim' }),
              (thrown: unknown) => {
                throw this.inApp({ errMsg: `cloud.callFunction:fail ${String(thrown)}` });
              },
            )
            .finally(() => {
              this.pending -= 1;
            });
          if (o.success || o.fail || o.complete) {
            done.then(
              (res) => {
                o.success?.(res);
                o.complete?.(res);
              },
              (err: unknown) => {
                o.fail?.(err);
                o.complete?.(err);
              },
            );
            return undefined;
          }
          // Without callbacks wx.cloud answers a promise (of the app's realm).
          const AppPromise = vm.runInContext('Promise', this.context) as PromiseConstructor;
          return new AppPromise((resolve, reject) => done.then(resolve, reject));
        },
      },
    };
  }
}
