/**
 * Entry that serverless-devs require()s for `component: ./deploy/cloudbase-component`. The
 * component is TypeScript (src/component.ts) so it shares the collection declarations with the
 * functions (functions/store/collections.ts); tsx, a devDependency already installed for the
 * build, compiles it on load. Its dependencies resolve from the project's node_modules.
 */
const { join } = require('node:path');
const { require: tsxRequire } = require('tsx/cjs/api');

const entry = join(__dirname, 'src', 'component.ts');
module.exports = tsxRequire(entry, entry).default;
