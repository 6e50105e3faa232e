/**
 * s.yaml, as `s preview` renders it, declares one resource per function of the registry and
 * nothing else but the database, each on the project's own component, with the timers of
 * functions/registry.ts as timer triggers and settings inside CloudBase's limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intervalOfCron } from '../../deploy/cloudbase-component/src/cron';
import type { BundleInfo } from '../../deploy/cloudbase-component/src/bundle';
import { ENV_CHECKS } from '../../deploy/cloudbase-component/src/env-checks';
import { buildPlan, timerTriggerName } from '../../deploy/cloudbase-component/src/plan';
import { COLLECTIONS } from '../../functions/store/collections';
import { FUNCTIONS, TIMERS } from '../../functions/registry';
import type { RenderedResource } from './s-cli';
import { propsByResource, renderedResources, ROOT } from './s-cli';

const ENV = {
  TCB_ENV_ID: 'hehe-test-1a2b3c',
  TCB_REGION: 'ap-guangzhou',
  // The weapp build's variable (moment → template ids): it must not reach the functions.
  MINIAPP_SUBSCRIBE_TEMPLATES: JSON.stringify({ staffTasks: ['tmpl-weapp-only'] }),
  WX_MINIPROGRAM_STATE: 'trial',
};

let resources: Record<string, RenderedResource>;

beforeAll(() => {
  resources = renderedResources(ENV);
}, 60_000);

function functionResources(): [string, Record<string, unknown>][] {
  return Object.entries(resources)
    .filter(([, r]) => r.props.kind === 'function')
    .map(([name, r]) => [name, r.props]);
}

describe('s.yaml', () => {
  test('has one resource per registry function, named like it, and one database resource', () => {
    const names = functionResources().map(([resource, props]) => {
      expect(props.name).toBe(resource);
      return resource;
    });
    expect([...names].sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    const others = Object.entries(resources).filter(([, r]) => r.props.kind !== 'function');
    expect(others.map(([name, r]) => [name, r.props.kind])).toEqual([['database', 'database']]);
    // The database comes first: collections exist before any function or timer runs.
    expect(Object.keys(resources)[0]).toBe('database');
  });

  test('deploys the folders WeChat DevTools deploys (project.config.json cloudfunctionRoot)', () => {
    const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8')) as {
      miniprogramRoot: string;
      cloudfunctionRoot: string;
    };
    expect(project.miniprogramRoot).toBe('dist/weapp/');
    expect(project.cloudfunctionRoot).toBe('functions/dist/');
    for (const [name, props] of functionResources()) {
      expect(join(ROOT, props.src as string)).toBe(join(ROOT, project.cloudfunctionRoot, name));
    }
  });

  test('deploys every resource with the project-local component, never a registry one', () => {
    for (const r of Object.values(resources))
      expect(r.component).toBe('./deploy/cloudbase-component');
  });

  test('gives each timer function one trigger at its TIMERS interval and no one else a trigger', () => {
    for (const [name, props] of functionResources()) {
      const triggers = (props.triggers ?? []) as { name: string; type: string; config: string }[];
      const timer = TIMERS.find((t) => t.fn === name);
      if (timer === undefined) {
        expect(triggers).toEqual([]);
        continue;
      }
      expect(triggers).toHaveLength(1);
      const [trigger] = triggers;
      expect(trigger?.type).toBe('timer');
      expect(trigger?.name).toBe(timerTriggerName(timer));
      expect(intervalOfCron(trigger?.config ?? '')).toBe(timer.everyMs);
    }
    // Every timer is deployed (no timer names a function missing from s.yaml).
    for (const timer of TIMERS) expect(resources[timer.fn]?.props.kind).toBe('function');
  });

  test('passes the environment id, region and mini-program state from the shell, templates from their file', () => {
    for (const [, props] of functionResources()) {
      expect(props.envId).toBe(ENV.TCB_ENV_ID);
      expect(props.region).toBe(ENV.TCB_REGION);
      // The platform sets TCB_ENV itself; the functions are told to use the CloudBase adapters.
      expect((props.environment as Record<string, string>).HEHE_RUNTIME).toBe('cloudbase');
    }
    expect(resources.database?.props).toMatchObject({
      envId: ENV.TCB_ENV_ID,
      region: ENV.TCB_REGION,
    });
    // Only the outbox pushes subscribe messages; deploy/subscribe-templates.json arrives byte
    // for byte, and the shell's MINIAPP_SUBSCRIBE_TEMPLATES (the weapp build's) does not.
    const withTemplates = functionResources().filter(
      ([, p]) => 'WX_SUBSCRIBE_TEMPLATES' in (p.environment as object),
    );
    expect(withTemplates.map(([name]) => name)).toEqual(['outbox']);
    const outboxEnv = withTemplates[0]?.[1].environment as Record<string, string>;
    const file = readFileSync(join(ROOT, 'deploy/subscribe-templates.json'), 'utf8');
    expect(outboxEnv.WX_SUBSCRIBE_TEMPLATES).toBe(file);
    expect(outboxEnv.WX_SUBSCRIBE_TEMPLATES).not.toContain('tmpl-weapp-only');
    expect(outboxEnv.WX_MINIPROGRAM_STATE).toBe(ENV.WX_MINIPROGRAM_STATE);
  });

  test('plans without a problem once every bundle is built (limits, names, registry, timers)', () => {
    const present = (src: string): BundleInfo => ({
      path: src,
      exists: true,
      missing: [],
      bytes: 1000,
      openapi: [],
      configTriggers: null,
      dependencies: [],
      unreadable: [],
    });
    const props = propsByResource(resources);
    const bundles = new Map(
      Object.values(props)
        .filter((p) => typeof p.src === 'string')
        .map((p) => [p.src as string, present(p.src as string)]),
    );
    const plan = buildPlan(
      { functions: FUNCTIONS, timers: TIMERS },
      COLLECTIONS,
      props,
      bundles,
      ENV_CHECKS,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });
});
