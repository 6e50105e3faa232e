import fc from 'fast-check';
import {
  checkCharacter,
  formatCode,
  isValidCode,
  makeCode,
  normalizeCode,
  UNAMBIGUOUS_ALPHABET,
} from './codes';

/** A deterministic "random" source for tests: cycles through the given numbers. */
function sequence(values: readonly number[]): (max: number) => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

const randomIndexes = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 20 });

describe('unambiguous codes', () => {
  test('the alphabet has 32 symbols and none of 0, O, 1, I', () => {
    expect(new Set(UNAMBIGUOUS_ALPHABET).size).toBe(32);
    for (const ch of '0O1I') expect(UNAMBIGUOUS_ALPHABET).not.toContain(ch);
  });

  test('a made code has the asked length, uses the alphabet and passes its check', () => {
    fc.assert(
      fc.property(randomIndexes, fc.integer({ min: 2, max: 16 }), (indexes, length) => {
        const code = makeCode(length, sequence(indexes));
        expect(code).toHaveLength(length);
        for (const ch of code) expect(UNAMBIGUOUS_ALPHABET).toContain(ch);
        expect(isValidCode(code, length)).toBe(true);
      }),
    );
  });

  test('any single mistyped character is caught', () => {
    fc.assert(
      fc.property(
        randomIndexes,
        fc.nat(11),
        fc.integer({ min: 1, max: 31 }),
        (indexes, position, shift) => {
          const code = makeCode(12, sequence(indexes));
          const wrong = UNAMBIGUOUS_ALPHABET.charAt(
            (UNAMBIGUOUS_ALPHABET.indexOf(code.charAt(position)) + shift) % 32,
          );
          const typo = code.slice(0, position) + wrong + code.slice(position + 1);
          expect(isValidCode(typo, 12)).toBe(false);
        },
      ),
    );
  });

  test('two swapped neighbours are caught, except the pair 2↔Z (as 0↔9 in Luhn)', () => {
    const missed: string[] = [];
    for (const x of UNAMBIGUOUS_ALPHABET) {
      for (const y of UNAMBIGUOUS_ALPHABET) {
        if (x === y) continue;
        const body = `${x}${y}ABCDEFGHJ`;
        const code = body + checkCharacter(body);
        const swapped = `${y}${x}${code.slice(2)}`;
        if (isValidCode(swapped, 12)) missed.push(`${x}${y}`);
      }
    }
    expect(missed.sort()).toEqual(['2Z', 'Z2']);
  });

  test('wrong length or foreign characters are invalid', () => {
    const code = makeCode(12, sequence([5, 9, 13]));
    expect(isValidCode(code.slice(1), 12)).toBe(false);
    expect(isValidCode(`${code.slice(0, 11)}O`, 12)).toBe(false);
  });

  test('people may type codes in lower case with dashes and spaces', () => {
    const code = makeCode(12, sequence([1, 2, 3]));
    const typed = formatCode(code).toLowerCase().replace('-', ' - ');
    expect(normalizeCode(typed)).toBe(code);
    expect(formatCode('ABCDEFGHJKLM')).toBe('ABCD-EFGH-JKLM');
    expect(formatCode('')).toBe('');
  });

  test('misuse by a programmer throws', () => {
    expect(() => checkCharacter('AB0')).toThrow('not in the alphabet');
    expect(() => makeCode(1, sequence([0]))).toThrow('length');
    expect(() => makeCode(4, sequence([32]))).toThrow('out of range');
  });
});
