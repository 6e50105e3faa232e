/**
 * The project-local serverless-devs component (s 3.x loads `component: ./deploy/cloudbase-component`
 * with require, no registry): one instance per resource of s.yaml, called with the resource's
 * rendered props. Commands:
 * - `s plan` / `s deploy --dry-run`: the plan of each resource, no credentials, no network;
 * - `s deploy`: refuses a plan with problems, then applies it with @cloudbase/manager-node;
 * - `s info`: what CloudBase has for each resource;
 * - `s remove`: deletes a function; never drops the database (it holds the towns' records).
 */
import { dirname, resolve } from 'node:path';
import { COLLECTIONS } from '../../../functions/store/collections';
import type { CollectionSpec } from '../../../functions/store/store.port';
import type { CloudBaseClient } from './apply';
import {
  applyCollectionAcl,
  applyDatabase,
  applyFunction,
  applyStorageAcl,
  describeDatabase,
  describeFunction,
} from './apply';
import type { BundleInfo } from './bundle';
import { readBundle } from './bundle';
import { createManagerClient } from './client';
import type { EnvChecks } from './env-checks';
import { ENV_CHECKS } from './env-checks';
import type { TencentCredentials } from './credentials';
import { resolveCredentials } from './credentials';
import type { ResourcePlan } from './plan';
import { planResource, summarizeDatabase, summarizeFunction } from './plan';

/** What s 3.x hands a component method (the fields used here). */
export interface ComponentInputs {
  readonly props?: unknown;
  /** s 3.x: the raw arguments after the command, e.g. `['--dry-run']`. */
  readonly args?: readonly string[] | string;
  readonly cwd?: string;
  readonly yaml?: { readonly path?: string };
  readonly resource?: { readonly name?: string };
  readonly getCredential?: () => Promise<unknown>;
}

/** The part of s's logger used here. */
export interface ComponentLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Everything the component reaches outside itself; tests replace the parts they fake. */
export interface ComponentDeps {
  readonly collections: readonly CollectionSpec[];
  readonly readBundle: (path: string) => BundleInfo;
  readonly connect: (
    target: { envId: string; region: string },
    credentials: TencentCredentials,
  ) => Promise<CloudBaseClient>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly envChecks: EnvChecks;
}

const silent: ComponentLogger = { info() {}, warn() {} };

export function hasFlag(args: ComponentInputs['args'], flag: string): boolean {
  const list = typeof args === 'string' ? args.split(/\s+/) : (args ?? []);
  return list.includes(flag);
}

export default class CloudBaseComponent {
  private readonly logger: ComponentLogger;
  private readonly deps: ComponentDeps;

  constructor(options?: { logger?: ComponentLogger }, deps?: Partial<ComponentDeps>) {
    this.logger = options?.logger ?? silent;
    this.deps = {
      // Names and indexes only: the typed handles also carry their record schemas, which
      // serverless-devs would otherwise walk (deep-clone) on every call.
      collections: COLLECTIONS.map(({ name, indexes }) => ({ name, indexes })),
      readBundle,
      connect: createManagerClient,
      env: process.env,
      envChecks: ENV_CHECKS,
      ...deps,
    };
  }

  /** The resource's plan (no credentials, no network). */
  async plan(inputs: ComponentInputs): Promise<Record<string, unknown>> {
    return this.summarize(this.planOf(inputs));
  }

  /** Deploys the resource; with `--dry-run`, returns its plan instead. */
  async deploy(inputs: ComponentInputs): Promise<Record<string, unknown>> {
    const plan = this.planOf(inputs);
    if (hasFlag(inputs.args, '--dry-run')) return { dryRun: true, ...this.summarize(plan) };
    const ready = this.deployable(plan);
    const client = await this.connect(ready, inputs);
    const log = (line: string): void => this.logger.info(line);
    if (ready.kind === 'database') {
      const collections = await applyDatabase(client, ready, log);
      const storage = await applyStorageAcl(client, ready, log);
      const acl = await applyCollectionAcl(client, ready, log);
      return {
        database: ready.resource,
        collectionAcl:
          acl.changed.length === 0
            ? ready.collectionAcl
            : `${ready.collectionAcl} (changed: ${acl.changed.map((c) => `${c.collection} was ${c.before}`).join(', ')})`,
        storageAcl:
          storage.before === storage.after
            ? storage.after
            : `${storage.after} (was ${storage.before})`,
        collectionsCreated: collections.filter((c) => c.created).map((c) => c.collection),
        indexesCreated: collections.flatMap((c) =>
          c.indexesCreated.map((i) => `${c.collection}.${i}`),
        ),
        indexesUndeclared: collections.flatMap((c) =>
          c.indexesUndeclared.map((i) => `${c.collection}.${i}`),
        ),
      };
    }
    const report = await applyFunction(client, ready, log);
    for (const warning of report.warnings) this.logger.warn(warning);
    return { ...report };
  }

  /** What CloudBase has for the resource. */
  async info(inputs: ComponentInputs): Promise<Record<string, unknown>> {
    const plan = this.planOf(inputs);
    if (plan.kind === 'invalid') throw new Error(plan.problems.join('\n'));
    const client = await this.connect(plan, inputs);
    return plan.kind === 'database'
      ? describeDatabase(client, plan)
      : describeFunction(client, plan.name);
  }

  /** Deletes a function. The database resource is never removed from here. */
  async remove(inputs: ComponentInputs): Promise<Record<string, unknown>> {
    const plan = this.planOf(inputs);
    if (plan.kind === 'invalid') throw new Error(plan.problems.join('\n'));
    if (plan.kind === 'database') {
      this.logger.warn(
        'the database keeps every town record: s remove never drops collections (use the CloudBase console)',
      );
      return { database: plan.resource, removed: false };
    }
    const client = await this.connect(plan, inputs);
    this.logger.info(`[${plan.name}] deleting the function`);
    await client.functions.deleteFunction(plan.name);
    return { function: plan.name, removed: true };
  }

  private planOf(
    inputs: ComponentInputs,
  ): ResourcePlan | { kind: 'invalid'; resource: string; problems: string[] } {
    const base = inputs.yaml?.path ? dirname(inputs.yaml.path) : (inputs.cwd ?? process.cwd());
    const resource = inputs.resource?.name ?? 'resource';
    const plan = planResource(
      resource,
      inputs.props,
      this.deps.collections,
      (src) => this.deps.readBundle(resolve(base, src)),
      this.deps.envChecks,
    );
    // s's logger already names the resource.
    for (const problem of plan.problems) this.logger.warn(`problem: ${problem}`);
    if (plan.kind !== 'invalid') {
      for (const warning of plan.warnings) this.logger.warn(warning);
    }
    return plan;
  }

  private summarize(
    plan: ResourcePlan | { kind: 'invalid'; resource: string; problems: string[] },
  ): Record<string, unknown> {
    if (plan.kind === 'invalid') return { resource: plan.resource, problems: plan.problems };
    return plan.kind === 'database' ? summarizeDatabase(plan) : summarizeFunction(plan);
  }

  /** The plan, if it may be applied; else an error listing every problem, before any network. */
  private deployable(
    plan: ResourcePlan | { kind: 'invalid'; resource: string; problems: string[] },
  ): ResourcePlan {
    if (plan.kind === 'invalid' || plan.problems.length > 0) {
      throw new Error(
        `${plan.resource}: not deployed, the plan has problems:\n- ${plan.problems.join('\n- ')}`,
      );
    }
    return plan;
  }

  private async connect(plan: ResourcePlan, inputs: ComponentInputs): Promise<CloudBaseClient> {
    if (plan.envId === '') throw new Error('no CloudBase environment id: set TCB_ENV_ID');
    const credentials = await resolveCredentials(inputs.getCredential, this.deps.env);
    return this.deps.connect({ envId: plan.envId, region: plan.region }, credentials);
  }
}
