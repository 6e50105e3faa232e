import fc from 'fast-check';
import { z } from 'zod';
import { zhErrorMap } from './zh-error-map';

/** The message of the first issue when `schema` rejects `input` under the Chinese map. */
function messageFor(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input, { error: zhErrorMap });
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return (result.error.issues[0] as z.core.$ZodIssue).message;
}

/** Calls the map directly, for issues that are awkward to provoke through a schema. */
function mapped(issue: Record<string, unknown>): unknown {
  return zhErrorMap({ path: [], input: undefined, ...issue } as never);
}

const CJK = /[\u4e00-\u9fff]/;

describe('zhErrorMap: missing and wrong types', () => {
  test('a missing or null value asks to fill it in', () => {
    const schema = z.object({ a: z.string(), b: z.number() });
    expect(messageFor(schema, {})).toBe('请填写此项');
    expect(messageFor(z.string(), null)).toBe('请填写此项');
    expect(messageFor(z.string().nonoptional(), undefined)).toBe('请填写此项');
  });

  test('a missing yes/no asks to choose', () => {
    expect(messageFor(z.object({ ok: z.boolean() }), {})).toBe('请选择此项');
  });

  test('a value of the wrong type says what is expected', () => {
    expect(messageFor(z.string(), 5)).toBe('请填写文字');
    expect(messageFor(z.number(), 'x')).toBe('请填写数字');
    expect(messageFor(z.number(), Number.NaN)).toBe('请填写有效的数字');
    expect(messageFor(z.boolean(), 'yes')).toBe('请选择“是”或“否”');
    expect(messageFor(z.object({}), 'x')).toBe('请把这一项填写完整');
    expect(messageFor(z.array(z.string()), 'x')).toBe('内容格式不对，请重新填写');
    expect(messageFor(z.date(), 'x')).toBe('请选择日期');
    expect(messageFor(z.bigint(), 'x')).toBe('请填写整数');
    expect(messageFor(z.number().int(), 1.5)).toBe('请填写整数');
  });

  test('an unusual expected type falls back to a general message', () => {
    expect(messageFor(z.map(z.string(), z.string()), 'x')).toBe('内容格式不对，请重新填写');
  });
});

describe('zhErrorMap: sizes', () => {
  test('text length: blank, minimum, maximum and exact length', () => {
    expect(messageFor(z.string().min(1), '')).toBe('请填写此项');
    expect(messageFor(z.string().min(5), 'abc')).toBe('至少填写 5 个字');
    expect(messageFor(z.string().max(500), 'x'.repeat(501))).toBe('最多 500 个字');
    expect(messageFor(z.string().length(6), 'abc')).toBe('请填写 6 个字');
    expect(messageFor(z.string().length(6), 'abcdefg')).toBe('请填写 6 个字');
  });

  test('numbers: inclusive and exclusive bounds', () => {
    expect(messageFor(z.number().min(1), 0)).toBe('不能小于 1');
    expect(messageFor(z.number().gt(0), 0)).toBe('要大于 0');
    expect(messageFor(z.number().max(10), 11)).toBe('不能大于 10');
    expect(messageFor(z.number().lt(10), 10)).toBe('要小于 10');
  });

  test('lists: at least one, a minimum, a maximum, an exact count', () => {
    expect(messageFor(z.array(z.string()).min(1), [])).toBe('请至少填写或选择一项');
    expect(messageFor(z.array(z.string()).min(3), ['a'])).toBe('至少需要 3 项');
    expect(messageFor(z.array(z.string()).max(9), Array(10).fill('a'))).toBe('最多 9 项');
    expect(messageFor(z.array(z.string()).length(2), ['a'])).toBe('需要正好 2 项');
    expect(messageFor(z.array(z.string()).length(2), ['a', 'b', 'c'])).toBe('需要正好 2 项');
  });

  test('dates are shown as China-local days', () => {
    const day = new Date('2025-03-08T00:00:00+08:00');
    expect(messageFor(z.date().min(day), new Date('2025-03-07T12:00:00+08:00'))).toBe(
      '不能早于 2025-03-08',
    );
    expect(messageFor(z.date().max(day), new Date('2025-03-09T00:00:00+08:00'))).toBe(
      '不能晚于 2025-03-08',
    );
    expect(
      mapped({ code: 'too_small', origin: 'date', minimum: day.getTime(), inclusive: false }),
    ).toBe('要晚于 2025-03-08');
    expect(
      mapped({ code: 'too_big', origin: 'date', maximum: day.getTime(), inclusive: false }),
    ).toBe('要早于 2025-03-08');
  });

  test('files give the size limit in readable units', () => {
    expect(mapped({ code: 'too_big', origin: 'file', maximum: 2 * 1024 * 1024 })).toBe(
      '文件太大，最大 2 MB',
    );
    expect(mapped({ code: 'too_big', origin: 'file', maximum: 500 * 1024 })).toBe(
      '文件太大，最大 500 KB',
    );
    expect(mapped({ code: 'too_small', origin: 'file', minimum: 10 })).toBe(
      '文件太小，至少 10 字节',
    );
  });

  test('bigint bounds are printed whole', () => {
    expect(messageFor(z.bigint().max(5n), 6n)).toBe('不能大于 5');
  });
});

describe('zhErrorMap: formats, choices and the rest', () => {
  test('string formats name what a correct value looks like', () => {
    expect(messageFor(z.email(), 'x')).toBe('请填写正确的电子邮箱');
    expect(messageFor(z.url(), 'not a url')).toBe('请填写正确的网址');
    expect(messageFor(z.iso.date(), '2025-02-30')).toBe('请填写正确的日期，例如 2025-03-08');
    expect(messageFor(z.iso.datetime(), 'x')).toBe('请填写正确的日期和时间');
    expect(messageFor(z.iso.time(), 'x')).toBe('请填写正确的时间，例如 09:30');
    expect(messageFor(z.uuid(), 'x')).toBe('编号格式不对');
    expect(messageFor(z.string().startsWith('cloud://'), 'x')).toBe('要以“cloud://”开头');
    expect(messageFor(z.string().endsWith('.jpg'), 'x')).toBe('要以“.jpg”结尾');
    expect(messageFor(z.string().includes('@'), 'x')).toBe('要包含“@”');
    expect(messageFor(z.string().lowercase(), 'X')).toBe('请使用小写字母');
    expect(messageFor(z.string().regex(/^\d+$/), 'x')).toBe('格式不对，请检查后重新填写');
  });

  test('choices: missing or wrong asks to choose; a single allowed value is named', () => {
    expect(messageFor(z.object({ kind: z.enum(['a', 'b']) }), {})).toBe('请选择一项');
    expect(messageFor(z.enum(['a', 'b']), 'c')).toBe('请选择一项');
    expect(messageFor(z.literal('a'), 'b')).toBe('只能填写“a”');
    expect(messageFor(z.literal(true), false)).toBe('请勾选确认');
  });

  test('multiples, unknown keys, unions, refinements', () => {
    expect(messageFor(z.number().multipleOf(5), 7)).toBe('要是 5 的整数倍');
    expect(messageFor(z.strictObject({}), { x: 1, y: 2 })).toBe('包含无法识别的内容：x、y');
    expect(messageFor(z.union([z.string(), z.number()]), true)).toBe('请按要求填写此项');
    const tagged = z.discriminatedUnion('t', [
      z.object({ t: z.literal('a') }),
      z.object({ t: z.literal('b') }),
    ]);
    expect(messageFor(tagged, { t: 'c' })).toBe('请选择一项');
    expect(
      messageFor(
        z.string().refine((s) => s === 'ok'),
        'no',
      ),
    ).toBe('填写的内容不符合要求');
    expect(messageFor(z.record(z.enum(['a']), z.number()), { b: 1 })).toMatch(CJK);
  });

  test('record keys and map/set elements have their own messages', () => {
    expect(mapped({ code: 'invalid_key', origin: 'record', issues: [] })).toBe('名称格式不对');
    expect(mapped({ code: 'invalid_element', origin: 'map', key: 'k', issues: [] })).toBe(
      '列表里有内容格式不对',
    );
    expect(mapped({ code: 'something_new' })).toBe('填写的内容有误，请检查');
  });

  test("a schema's own message wins over the map", () => {
    expect(messageFor(z.string().min(1, { error: '请写上村名' }), '')).toBe('请写上村名');
  });

  test('every message for any bound is Chinese and never echoes the input', () => {
    const origins = ['string', 'number', 'int', 'array', 'set', 'date', 'file', 'bigint'];
    fc.assert(
      fc.property(
        fc.constantFrom('too_small', 'too_big'),
        fc.constantFrom(...origins),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.boolean(),
        fc.boolean(),
        fc.string().map((s) => `secret:${s}`),
        (code, origin, n, inclusive, exact, input) => {
          const message = mapped({
            code,
            origin,
            minimum: n,
            maximum: n,
            inclusive,
            exact,
            input,
          });
          expect(typeof message).toBe('string');
          expect(message as string).toMatch(CJK);
          expect(message as string).not.toContain(input);
        },
      ),
    );
  });
});
