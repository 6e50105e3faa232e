/** Time-ordered record ids (`<prefix>_<time36><random>`) and unbiased random integers. */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, IdGenerator } from '../../runtime/ports';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Ids sort by creation time (the first 9 characters) and carry 64 random bits. */
export function createIdGenerator(clock: Clock): IdGenerator {
  return {
    newId(prefix: string): string {
      const time = clock.nowMs().toString(36).padStart(9, '0');
      const bytes = randomBytes(12);
      let tail = '';
      for (const byte of bytes) tail += ID_ALPHABET[byte % 36];
      return `${prefix}_${time}${tail}`;
    },
    randomInt(maxExclusive: number): number {
      return randomInt(maxExclusive);
    },
  };
}
