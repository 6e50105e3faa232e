/**
 * Typecheck-time stand-in: the build resolves `./pick-file` to `pick-file.weapp.ts` or
 * `pick-file.h5.ts` by platform, so this file is never bundled.
 */
export { pickRosterFile } from './pick-file.h5';
export type { PickedFile } from './pick-file.h5';
