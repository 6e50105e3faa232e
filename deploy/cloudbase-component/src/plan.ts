/**
 * The deployment plan: what `s deploy` would create or change on CloudBase, computed from the
 * resources' props in s.yaml, the bundles on disk and the declared collections — without
 * credentials and without network. The plan is a pure function of those inputs, so the same code
 * backs the dry run (`s plan`, `s deploy --dry-run`), the checks before a real deploy, and the
 * tests that compare s.yaml with the function registry and COLLECTIONS.
 *
 * Problems block a deploy (a limit broken, a bundle missing, no env id); warnings do not.
 */
import type { CollectionSpec, IndexField } from '../../../functions/store/store.port';
import { checkCollectionSpecs } from '../../../functions/store/store.declare';
import type { BundleInfo, TriggerSpec } from './bundle';
import { describeInterval, intervalOfCron } from './cron';
import type { EnvChecks } from './env-checks';

/** CloudBase limits (docs/platform.md, CloudBase). */
export const LIMITS = {
  timeoutSeconds: { min: 1, max: 60 },
  memoryMb: { min: 128, max: 2048, step: 128 },
  /** SCF caps the environment variables of a function at 4 KB (keys and values). */
  environmentBytes: 4096,
  /** One timer trigger per function on CloudBase. */
  triggersPerFunction: 1,
} as const;

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names the platform sets itself; a function may not override them. */
const RESERVED_ENV = /^(SCF_|QCLOUD_|TENCENTCLOUD_|X_WX_)|^TCB_ENV$|^TCB_SOURCE$/;

/** What the plan needs from functions/registry.ts (names only, and the timers). */
export interface RegistryView {
  readonly functions: readonly { readonly name: string }[];
  readonly timers: readonly {
    readonly fn: string;
    readonly action: string;
    readonly everyMs: number;
  }[];
}

export interface FunctionProps {
  readonly kind: 'function';
  readonly envId: string;
  readonly region: string;
  readonly name: string;
  /** Bundle folder, relative to the folder of s.yaml. */
  readonly src: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly triggers: readonly TriggerSpec[];
}

export interface DatabaseProps {
  readonly kind: 'database';
  readonly envId: string;
  readonly region: string;
}

export type ResourceProps = FunctionProps | DatabaseProps;

export interface PlannedTrigger extends TriggerSpec {
  /** The cron's interval, or null when it does not fire at a fixed interval. */
  readonly everyMs: number | null;
}

export interface FunctionPlan {
  readonly kind: 'function';
  readonly resource: string;
  readonly envId: string;
  readonly region: string;
  readonly name: string;
  readonly runtime: string;
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: number;
  /** Values included: the deploy sets them. Summaries show the names only. */
  readonly environment: Readonly<Record<string, string>>;
  /** The bundle folder as s.yaml gives it (relative to s.yaml's folder). */
  readonly src: string;
  readonly bundle: BundleInfo;
  /** The cloud installs package.json dependencies only when the bundle declares any. */
  readonly installDependency: boolean;
  readonly triggers: readonly PlannedTrigger[];
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** A CloudBase index key: the field path and `1` (ascending) or `-1` (descending). */
export interface IndexKey {
  readonly Name: string;
  readonly Direction: '1' | '-1';
}

export interface PlannedIndex {
  readonly name: string;
  readonly keys: readonly IndexKey[];
}

export interface PlannedCollection {
  readonly name: string;
  readonly indexes: readonly PlannedIndex[];
}

export interface DatabasePlan {
  readonly kind: 'database';
  readonly resource: string;
  readonly envId: string;
  readonly region: string;
  readonly collections: readonly PlannedCollection[];
  /**
   * Storage permission (云存储权限): always PRIVATE, only the uploader and the functions read a
   * file; photos reach anyone else by temporary links a function hands a viewer it cleared.
   */
  readonly storageAcl: typeof STORAGE_ACL;
  /**
   * Every collection's permission: ADMINONLY (所有用户不可读写) — the mini-program reaches the
   * database only through the functions.
   */
  readonly collectionAcl: typeof COLLECTION_ACL;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/** The storage permission every deploy ensures (see DatabasePlan.storageAcl). */
export const STORAGE_ACL = 'PRIVATE';

/** The permission every deploy ensures on each collection (see DatabasePlan.collectionAcl). */
export const COLLECTION_ACL = 'ADMINONLY';

export type ResourcePlan = FunctionPlan | DatabasePlan;

export interface Plan {
  readonly functions: readonly FunctionPlan[];
  readonly databases: readonly DatabasePlan[];
  /** Every resource's problems (prefixed with its name) and the cross-checks' own. */
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * A timer function's trigger name, `<function>-<action>` (`outbox-deliver`): the name
 * scripts/build-functions.ts writes in config.json, so s deploy and WeChat DevTools agree.
 */
export function timerTriggerName(timer: RegistryView['timers'][number]): string {
  return `${timer.fn}-${timer.action}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a resource's props as s renders them; anything malformed becomes a problem. */
export function parseProps(
  raw: unknown,
): { props: ResourceProps; problems: string[] } | { props: null; problems: string[] } {
  const problems: string[] = [];
  if (!isRecord(raw)) return { props: null, problems: ['props must be a mapping'] };
  const text = (key: string, fallback?: string): string => {
    const value = raw[key] ?? fallback;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    problems.push(`props.${key} must be a string`);
    return '';
  };
  const envId = text('envId', '');
  const region = text('region', '');
  if (raw.kind === 'database') return { props: { kind: 'database', envId, region }, problems };
  if (raw.kind !== 'function') {
    return { props: null, problems: ['props.kind must be "function" or "database"'] };
  }
  const integer = (key: string): number => {
    const value = raw[key];
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    problems.push(`props.${key} must be a whole number`);
    return Number.NaN;
  };
  const environment: Record<string, string> = {};
  if (raw.environment !== undefined && raw.environment !== null) {
    if (!isRecord(raw.environment)) problems.push('props.environment must be a mapping');
    else {
      for (const [key, value] of Object.entries(raw.environment)) {
        if (['string', 'number', 'boolean'].includes(typeof value))
          environment[key] = String(value);
        else problems.push(`props.environment.${key} must be a string, number or boolean`);
      }
    }
  }
  const triggers: TriggerSpec[] = [];
  if (raw.triggers !== undefined && raw.triggers !== null) {
    if (!Array.isArray(raw.triggers)) problems.push('props.triggers must be a list');
    else {
      raw.triggers.forEach((t: unknown, i) => {
        if (!isRecord(t)) problems.push(`props.triggers[${i}] must be a mapping`);
        else
          triggers.push({
            name: String(t.name ?? ''),
            type: String(t.type ?? ''),
            config: String(t.config ?? ''),
          });
      });
    }
  }
  return {
    props: {
      kind: 'function',
      envId,
      region,
      name: text('name'),
      src: text('src'),
      handler: text('handler', 'index.main'),
      runtime: text('runtime'),
      memorySize: integer('memorySize'),
      timeout: integer('timeout'),
      environment,
      triggers,
    },
    problems,
  };
}

function targetProblems(envId: string, region: string): string[] {
  const problems: string[] = [];
  if (envId === '') {
    problems.push('no CloudBase environment id: set TCB_ENV_ID (in the shell or in .env)');
  }
  if (region === '') problems.push('no region: set TCB_REGION or vars.region');
  return problems;
}

/**
 * Plans one function resource from its props and its bundle as read from disk; `envChecks`
 * parse the environment variables the functions themselves parse at cold start.
 */
export function planFunction(
  resource: string,
  props: FunctionProps,
  bundle: BundleInfo,
  envChecks: EnvChecks = {},
): FunctionPlan {
  const problems = targetProblems(props.envId, props.region);
  const warnings: string[] = [];
  if (!FUNCTION_NAME.test(props.name)) {
    problems.push(`function name ${JSON.stringify(props.name)} is not a CloudBase function name`);
  }
  if (resource !== props.name) {
    warnings.push(`resource ${resource} deploys function ${props.name}: name them alike`);
  }
  if (!/^Nodejs\d/.test(props.runtime)) {
    problems.push(`runtime ${JSON.stringify(props.runtime)} is not a Node.js runtime`);
  }
  const { timeoutSeconds: t, memoryMb: m } = LIMITS;
  if (!(props.timeout >= t.min && props.timeout <= t.max)) {
    problems.push(`timeout ${props.timeout} s is outside ${t.min}–${t.max} s`);
  }
  if (!(
    props.memorySize >= m.min &&
    props.memorySize <= m.max &&
    props.memorySize % m.step === 0
  )) {
    problems.push(
      `memorySize ${props.memorySize} MB is not a multiple of ${m.step} within ${m.min}–${m.max} MB`,
    );
  }
  let envBytes = 0;
  for (const [key, value] of Object.entries(props.environment)) {
    envBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (!ENV_NAME.test(key)) problems.push(`environment variable name ${key} is invalid`);
    if (RESERVED_ENV.test(key)) problems.push(`environment variable ${key} is set by the platform`);
    const check = Object.hasOwn(envChecks, key) ? envChecks[key] : undefined;
    try {
      check?.(value);
    } catch (error) {
      problems.push(`environment variable ${key}: ${(error as Error).message}`);
    }
  }
  if (envBytes > LIMITS.environmentBytes) {
    problems.push(
      `environment variables take ${envBytes} bytes; CloudBase allows ${LIMITS.environmentBytes}`,
    );
  }
  if (props.triggers.length > LIMITS.triggersPerFunction) {
    problems.push(
      `${props.triggers.length} triggers; CloudBase allows ${LIMITS.triggersPerFunction} per function`,
    );
  }
  const triggers = props.triggers.map((trigger): PlannedTrigger => {
    const everyMs = intervalOfCron(trigger.config);
    if (trigger.type !== 'timer')
      problems.push(`trigger ${trigger.name}: only timer triggers are deployed`);
    if (!TRIGGER_NAME.test(trigger.name))
      problems.push(`trigger name ${JSON.stringify(trigger.name)} is invalid`);
    if (trigger.config.trim().split(/\s+/).length !== 7) {
      problems.push(
        `trigger ${trigger.name}: ${JSON.stringify(trigger.config)} is not a 7-field cron`,
      );
    }
    return { ...trigger, everyMs };
  });
  if (!bundle.exists) {
    problems.push(`bundle ${props.src} is missing: run npm run build:functions`);
  } else {
    for (const file of bundle.missing) problems.push(`bundle ${props.src} has no ${file}`);
    for (const reason of bundle.unreadable) problems.push(`bundle file unreadable: ${reason}`);
    if (bundle.configTriggers !== null) {
      // config.json is what WeChat DevTools deploys; it should agree with s.yaml.
      const fromConfig = bundle.configTriggers
        .map((c) => `${c.name}@${intervalOfCron(c.config) ?? c.config}`)
        .sort();
      const fromYaml = triggers.map((c) => `${c.name}@${c.everyMs ?? c.config}`).sort();
      if (JSON.stringify(fromConfig) !== JSON.stringify(fromYaml)) {
        warnings.push(
          `config.json triggers (${bundle.configTriggers.map((c) => `${c.name} ${c.config}`).join('; ') || 'none'}) differ from s.yaml's (${triggers.map((c) => `${c.name} ${c.config}`).join('; ') || 'none'}); s deploy applies s.yaml's`,
        );
      }
    }
  }
  return {
    kind: 'function',
    resource,
    envId: props.envId,
    region: props.region,
    name: props.name,
    runtime: props.runtime,
    handler: props.handler,
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: props.environment,
    src: props.src,
    bundle,
    installDependency: bundle.dependencies.length > 0,
    triggers,
    problems,
    warnings,
  };
}

function indexKey(field: IndexField): IndexKey {
  return { Name: field.path, Direction: field.order === 'desc' ? '-1' : '1' };
}

/** Plans the database resource: every declared collection and each of its indexes. */
export function planDatabase(
  resource: string,
  props: DatabaseProps,
  collections: readonly CollectionSpec[],
): DatabasePlan {
  const problems = targetProblems(props.envId, props.region);
  try {
    checkCollectionSpecs(collections);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return {
    kind: 'database',
    resource,
    envId: props.envId,
    region: props.region,
    collections: collections.map((c) => ({
      name: c.name,
      indexes: c.indexes.map((i) => ({ name: i.name, keys: i.fields.map(indexKey) })),
    })),
    storageAcl: STORAGE_ACL,
    collectionAcl: COLLECTION_ACL,
    problems,
    warnings: [],
  };
}

/**
 * Plans one resource from its raw props. `bundleOf` reads (or looks up) the bundle of a function
 * resource's `src`; it is not called for the database.
 */
export function planResource(
  resource: string,
  raw: unknown,
  collections: readonly CollectionSpec[],
  bundleOf: (src: string) => BundleInfo,
  envChecks: EnvChecks = {},
): ResourcePlan | { kind: 'invalid'; resource: string; problems: string[] } {
  const parsed = parseProps(raw);
  if (parsed.props === null) return { kind: 'invalid', resource, problems: parsed.problems };
  const plan =
    parsed.props.kind === 'database'
      ? planDatabase(resource, parsed.props, collections)
      : planFunction(resource, parsed.props, bundleOf(parsed.props.src), envChecks);
  return { ...plan, problems: [...parsed.problems, ...plan.problems] };
}

/**
 * The whole deployment: every resource of s.yaml planned, then checked against the registry —
 * one function resource per registry function and no other, each timer function with exactly one
 * trigger at its TIMERS interval, no trigger elsewhere, one database resource.
 */
export function buildPlan(
  registry: RegistryView,
  collections: readonly CollectionSpec[],
  resources: Readonly<Record<string, unknown>>,
  bundles: ReadonlyMap<string, BundleInfo>,
  envChecks: EnvChecks = {},
): Plan {
  const functions: FunctionPlan[] = [];
  const databases: DatabasePlan[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const missingBundle = (src: string): BundleInfo => ({
    path: src,
    exists: false,
    missing: ['index.js', 'package.json', 'config.json'],
    bytes: 0,
    openapi: [],
    configTriggers: null,
    dependencies: [],
    unreadable: [],
  });
  for (const [resource, raw] of Object.entries(resources)) {
    const plan = planResource(
      resource,
      raw,
      collections,
      (src) => bundles.get(src) ?? missingBundle(src),
      envChecks,
    );
    problems.push(...plan.problems.map((p) => `${resource}: ${p}`));
    if (plan.kind === 'function') functions.push(plan);
    if (plan.kind === 'database') databases.push(plan);
    if (plan.kind !== 'invalid') warnings.push(...plan.warnings.map((w) => `${resource}: ${w}`));
  }
  const registered = new Set(registry.functions.map((f) => f.name));
  for (const name of registered) {
    const count = functions.filter((f) => f.name === name).length;
    if (count !== 1)
      problems.push(
        `function ${name} is in functions/registry.ts but has ${count} resources in s.yaml`,
      );
  }
  for (const f of functions) {
    if (!registered.has(f.name))
      problems.push(`function ${f.name} is in s.yaml but not in functions/registry.ts`);
    const timer = registry.timers.find((t) => t.fn === f.name);
    if (timer === undefined && f.triggers.length > 0) {
      problems.push(`function ${f.name} has triggers but is not a timer in functions/registry.ts`);
    }
    if (
      timer !== undefined &&
      (f.triggers.length !== 1 ||
        f.triggers[0]?.everyMs !== timer.everyMs ||
        f.triggers[0]?.name !== timerTriggerName(timer))
    ) {
      problems.push(
        `function ${f.name} must have one timer trigger ${timerTriggerName(timer)} every ${describeInterval(timer.everyMs)} (TIMERS); s.yaml has ${f.triggers.map((t) => `${t.name} ${t.config}`).join('; ') || 'none'}`,
      );
    }
  }
  if (databases.length !== 1)
    problems.push(`s.yaml needs exactly one database resource, has ${databases.length}`);
  const envIds = new Set([...functions, ...databases].map((p) => `${p.envId}@${p.region}`));
  if (envIds.size > 1)
    warnings.push(`resources target different environments: ${[...envIds].join(', ')}`);
  return { functions, databases, problems, warnings };
}

/** A function plan as printed and returned to s: environment variable names, never values. */
export function summarizeFunction(plan: FunctionPlan): Record<string, unknown> {
  return {
    function: plan.name,
    envId: plan.envId,
    region: plan.region,
    runtime: plan.runtime,
    handler: plan.handler,
    memorySize: plan.memorySize,
    timeout: plan.timeout,
    environment: Object.keys(plan.environment),
    bundle: {
      path: plan.src,
      exists: plan.bundle.exists,
      bytes: plan.bundle.bytes,
      openapi: plan.bundle.openapi,
      installDependency: plan.installDependency,
    },
    triggers: plan.triggers.map((t) => ({
      name: t.name,
      type: t.type,
      config: t.config,
      every: t.everyMs === null ? null : describeInterval(t.everyMs),
    })),
    problems: plan.problems,
    warnings: plan.warnings,
  };
}

/** A database plan as printed and returned to s: each index as `name: field asc, field desc`. */
export function summarizeDatabase(plan: DatabasePlan): Record<string, unknown> {
  return {
    database: plan.resource,
    envId: plan.envId,
    region: plan.region,
    collections: plan.collections.map((c) => ({
      name: c.name,
      indexes: c.indexes.map(
        (i) =>
          `${i.name}: ${i.keys.map((k) => `${k.Name} ${k.Direction === '1' ? 'asc' : 'desc'}`).join(', ')}`,
      ),
    })),
    indexCount: plan.collections.reduce((n, c) => n + c.indexes.length, 0),
    storageAcl: plan.storageAcl,
    collectionAcl: plan.collectionAcl,
    problems: plan.problems,
    warnings: plan.warnings,
  };
}
