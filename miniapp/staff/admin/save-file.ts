/**
 * Typecheck-time stand-in: the build resolves `./save-file` to `save-file.weapp.ts` or
 * `save-file.h5.ts` by platform, so this file is never bundled.
 */
export { saveExported } from './save-file.h5';
