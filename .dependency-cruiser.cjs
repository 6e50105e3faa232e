/**
 * Dependencies point inwards (docs/architecture.md): the pure domain in shared/ never imports
 * platform code, functions or the mini-program; inside functions/ the call path (runtime/)
 * and the store port (store/) import nothing but each other and shared/; concept folders own
 * their records and are reached through one small public file each; schedulers and read
 * models call concepts, never the other way round; only entry points reach the local host.
 * `npm run deps:validate` runs this; test/deps/layering.test.ts proves every rule fires on a
 * fixture that breaks it.
 */

/** Concept folders: each owns its records (one writer per collection). */
const CONCEPTS = '(account|clue|concern|learning|mediation|task)';
/** Schedulers and read models: they scan and call concept steps, or read to answer. */
const SCHEDULERS = '(deadlines|reminders|outbox|stats|admin|open311)';

/** Today's exceptions per rule, emptied as the code moves (listed here so none is hidden). */
const ALLOWED = {
  runtimeStoreSiblings: [],
  conceptsToSchedulers: [],
  conceptsThroughApi: [],
  intoHost: [],
  intoAdapters: [],
  writerImports: [],
};

/** A `pathNot` that never matches when an allow-list is empty. */
function except(list) {
  return list.length === 0 ? undefined : list;
}

function rule(name, comment, from, to) {
  const pathNot = from.allowed === undefined ? undefined : except(from.allowed);
  const cleanFrom = { ...from };
  delete cleanFrom.allowed;
  if (pathNot !== undefined) {
    cleanFrom.pathNot = [...(cleanFrom.pathNot ?? []), ...pathNot];
  }
  return { name, severity: 'error', comment, from: cleanFrom, to };
}

module.exports = {
  forbidden: [
    rule(
      'shared-is-pure',
      'shared/ may import only zod, dayjs, pure data libraries and itself — no platform (Taro, CloudBase, wx-server-sdk, SQLite, node built-ins), no functions/ or miniapp/.',
      { path: '^shared/', pathNot: ['\\.test\\.ts$'] },
      { pathNot: ['^shared/', '^node_modules/(zod|dayjs|chinese-days)/'] },
    ),
    rule(
      'functions-not-into-miniapp',
      'The functions never reach the mini-program.',
      {
        path: '^functions/',
      },
      { path: '^miniapp/' },
    ),
    rule(
      'miniapp-not-into-functions',
      'The mini-program talks to functions through the call envelope only. It may import the reply types (type-only imports, erased at build time), never code.',
      { path: '^miniapp/' },
      {
        path: '^(functions/|node_modules/(better-sqlite3|@cloudbase|wx-server-sdk)/)',
        dependencyTypesNot: ['type-only'],
      },
    ),
    rule(
      'runtime-and-store-import-no-sibling',
      'runtime/ (the call path, changes, tasks, timers) and store/ (the port, collections, adapters of the store) import nothing of functions/ but each other: every other folder builds on them.',
      { path: '^functions/(runtime|store)/', allowed: ALLOWED.runtimeStoreSiblings },
      { path: '^functions/', pathNot: ['^functions/(runtime|store)/'] },
    ),
    rule(
      'concepts-never-import-schedulers-or-read-models',
      'A concept (account, clue, concern, learning, mediation, task) never imports a scheduler or read model (deadlines, reminders, outbox, stats, admin, open311): those scan and call concept steps, or read.',
      { path: `^functions/${CONCEPTS}/`, allowed: ALLOWED.conceptsToSchedulers },
      { path: `^functions/${SCHEDULERS}/` },
    ),
    rule(
      'concepts-are-reached-through-their-api',
      'Outside its own folder a concept is imported only through its public file <concept>/<concept>.api.ts (the registry alone imports <concept>.function.ts).',
      { path: '^functions/([^/]+)/', allowed: ALLOWED.conceptsThroughApi },
      {
        path: `^functions/${CONCEPTS}/`,
        pathNot: ['^functions/$1/', `^functions/${CONCEPTS}/[a-z]+\\.api\\.ts$`],
      },
    ),
    rule(
      'registry-imports-function-definitions-only',
      'The registry lists each function by its definition file and nothing else.',
      { path: '^functions/registry\\.ts$' },
      {
        path: '^functions/[^/]+/',
        pathNot: ['^functions/[^/]+/[a-z0-9]+\\.function\\.ts$', '^functions/runtime/'],
      },
    ),
    rule(
      'only-entry-points-import-the-host',
      'Nothing in functions/ imports the local host (host/) but the host itself: production (CloudBase) must never depend on it.',
      { path: '^functions/', pathNot: ['^functions/host/'], allowed: ALLOWED.intoHost },
      { path: '^functions/host/' },
    ),
    rule(
      'only-entries-choose-adapters',
      'Use cases see ports, never adapters: only a function entry (index.ts), the host and adapters/ itself import adapters/.',
      {
        path: '^functions/',
        pathNot: ['^functions/(adapters|host)/', '^functions/[^/]+/index\\.ts$'],
        allowed: ALLOWED.intoAdapters,
      },
      { path: '^functions/adapters/' },
    ),
    rule(
      'writers-are-made-in-collections-files',
      "Write handles come from store/store.writer.ts only in a folder's <folder>.collections.ts (and runtime/ for tasks, audit, outbox): one writer per collection.",
      {
        path: '^functions/',
        pathNot: ['^functions/store/', '^functions/[^/]+/[a-z0-9]+\\.collections\\.ts$'],
        allowed: ALLOWED.writerImports,
      },
      { path: '^functions/store/store\\.writer\\.ts$' },
    ),
    rule(
      'a-folder-writes-only-its-own-collections',
      "A folder's write handles (<folder>.collections.ts) are imported only inside that folder: other folders call its steps through its public file.",
      { path: '^functions/([^/]+)/' },
      { path: '^functions/[^/]+/[a-z0-9]+\\.collections\\.ts$', pathNot: ['^functions/$1/'] },
    ),
    rule('no-circular', 'No import cycles.', {}, { circular: true }),
    rule('not-to-unresolvable', 'Every import resolves.', {}, { couldNotResolve: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
