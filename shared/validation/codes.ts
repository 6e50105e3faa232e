/**
 * Codes people read aloud or copy by hand: a clue's tracking code (查询码), a staff
 * invitation code (邀请码). They use an alphabet without look-alikes (no 0/O, no 1/I) and
 * end in a check character (Luhn mod 32), so a single mistyped character or two swapped
 * neighbours are caught before any lookup: "查询码有误，请核对".
 */

/** 32 symbols: digits 2–9 and A–Z without I and O. */
export const UNAMBIGUOUS_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const BASE = UNAMBIGUOUS_ALPHABET.length;

/** Upper-cases and drops spaces and dashes, as people type codes ("abcd-efgh jkl"). */
export function normalizeCode(value: string): string {
  return value.replace(/[\s\u3000\-－_]/g, '').toUpperCase();
}

/** True when every character is in the unambiguous alphabet. */
function inAlphabet(code: string): boolean {
  for (const ch of code) if (!UNAMBIGUOUS_ALPHABET.includes(ch)) return false;
  return true;
}

/**
 * The Luhn mod N check character for `body` (already in the alphabet). Throws for a
 * character outside it: that is a programmer error, never user input.
 */
export function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    const value = UNAMBIGUOUS_ALPHABET.indexOf(body.charAt(i));
    if (value < 0) throw new Error(`checkCharacter: "${body.charAt(i)}" is not in the alphabet`);
    const addend = factor * value;
    sum += Math.floor(addend / BASE) + (addend % BASE);
    factor = factor === 2 ? 1 : 2;
  }
  return UNAMBIGUOUS_ALPHABET.charAt((BASE - (sum % BASE)) % BASE);
}

/** True when `code` (normalized) is `length` characters of the alphabet with a right check character. */
export function isValidCode(code: string, length: number): boolean {
  if (code.length !== length || !inAlphabet(code)) return false;
  return checkCharacter(code.slice(0, -1)) === code.slice(-1);
}

/**
 * Makes a code of `length` characters (the last one the check character). `randomInt(n)`
 * must return a uniformly random integer in [0, n) — the functions pass `crypto.randomInt`,
 * tests pass a seeded one — so this stays pure.
 */
export function makeCode(length: number, randomInt: (maxExclusive: number) => number): string {
  if (!Number.isInteger(length) || length < 2) throw new Error('makeCode: length must be ≥ 2');
  let body = '';
  for (let i = 0; i < length - 1; i += 1) {
    const n = randomInt(BASE);
    if (!Number.isInteger(n) || n < 0 || n >= BASE)
      throw new Error('makeCode: randomInt out of range');
    body += UNAMBIGUOUS_ALPHABET.charAt(n);
  }
  return body + checkCharacter(body);
}

/** Groups a code in fours for display and reading aloud: `ABCD-EFGH-JKLM`. */
export function formatCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}
