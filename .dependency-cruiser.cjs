/**
 * Dependencies point inwards (DESIGN §3, STYLE.md): the pure domain in shared/ never
 * imports platform code, functions or the mini-program. `npm run deps:validate` runs this.
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'shared/ may import only zod, dayjs, pure data libraries and itself — no platform (Taro, CloudBase, wx-server-sdk, SQLite, node built-ins), no functions/ or miniapp/.',
      from: { path: '^shared/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: ['^shared/', '^node_modules/(zod|dayjs|chinese-days)/'],
      },
    },
    {
      name: 'functions-not-into-miniapp',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^miniapp/' },
    },
    {
      name: 'miniapp-not-into-functions',
      severity: 'error',
      comment:
        'The mini-program talks to functions through the call envelope only. It may import the reply types (type-only imports, erased at build time), never code.',
      from: { path: '^miniapp/' },
      to: {
        path: '^(functions/|node_modules/(better-sqlite3|@cloudbase|wx-server-sdk)/)',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
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
