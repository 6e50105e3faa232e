/**
 * Record ids `<prefix>_<time><seq><random>`: 9 base-36 characters of milliseconds, a 3-character
 * sequence within the millisecond, then 10 random characters. Ids made by one process sort
 * in the order they were made, so audit events written in the same millisecond (a submission
 * and its routing) list in the order they happened.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, IdGenerator } from '../../runtime/ports';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const SEQ_LIMIT = 36 ** 3;

/** Builds the id generator of one process. */
export function createIdGenerator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let seq = 0;
  return {
    newId(prefix: string): string {
      let ms = clock.nowMs();
      if (ms <= lastMs) {
        // Same millisecond, or a clock that went back: continue from the last one.
        ms = lastMs;
        seq += 1;
        if (seq >= SEQ_LIMIT) {
          ms += 1;
          seq = 0;
        }
      } else {
        seq = 0;
      }
      lastMs = ms;
      let tail = '';
      for (const byte of randomBytes(10)) tail += ID_ALPHABET[byte % 36];
      return `${prefix}_${ms.toString(36).padStart(9, '0')}${seq.toString(36).padStart(3, '0')}${tail}`;
    },
    randomInt(maxExclusive: number): number {
      return randomInt(maxExclusive);
    },
  };
}
