/**
 * Typecheck-time stand-in: the build resolves `./api` to `api.weapp.ts` or `api.h5.ts` by
 * platform (Taro's per-platform files), so this file is never bundled. It re-exports the H5
 * client only so that `tsc` sees one `api` with the shared interface.
 */
export { api } from './api.h5';
