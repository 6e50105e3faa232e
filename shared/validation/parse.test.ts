import fc from 'fast-check';
import { z } from 'zod';
import type { AppError, FieldError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { fieldErrorsOf, fieldLabel, labelOf, MAX_FIELD_ERRORS, parseInput } from './parse';
import { zhErrorMap } from './zh-error-map';

function failure<T>(result: Result<T>): AppError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

function fields(result: Result<unknown>): readonly FieldError[] {
  return failure(result).details?.fields ?? [];
}

const phone = z
  .string()
  .regex(/^1\d{10}$/, { error: '请填写正确的手机号' })
  .meta({ label: '手机号' });
const person = z.object({ name: z.string().min(1).meta({ label: '姓名' }), phone });

describe('parseInput', () => {
  test('returns the parsed (and transformed) value on success', () => {
    const schema = z.object({ name: z.string().trim() });
    expect(parseInput(schema, { name: '  张三 ' })).toEqual({ ok: true, value: { name: '张三' } });
  });

  test('fails with VALIDATION_FAILED whose message is the first field problem, label first', () => {
    const result = parseInput(person, { name: '', phone: '123' });
    const error = failure(result);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('姓名：请填写此项');
    expect(error.details?.fields).toEqual([
      { field: 'name', message: '姓名：请填写此项' },
      { field: 'phone', message: '手机号：请填写正确的手机号' },
    ]);
  });

  test('names a field inside a list by its item number', () => {
    const schema = z.object({
      applicant: person.meta({ label: '申请人' }),
      parties: z.array(person).meta({ label: '其他当事人' }),
    });
    const result = parseInput(schema, {
      applicant: { name: '张三', phone: '13812345678' },
      parties: [
        { name: '李四', phone: '13812345678' },
        { name: '王五', phone: 'x' },
      ],
    });
    expect(fields(result)).toEqual([
      { field: 'parties.1.phone', message: '其他当事人（第2项）的手机号：请填写正确的手机号' },
    ]);
    expect(fields(parseInput(schema, { applicant: { name: '张三' }, parties: [] }))).toEqual([
      { field: 'applicant.phone', message: '申请人的手机号：请填写此项' },
    ]);
  });

  test('reports only the first problem of each field', () => {
    const schema = z.object({ code: z.string().min(1).regex(/^\d+$/).meta({ label: '编码' }) });
    expect(fields(parseInput(schema, { code: '' }))).toEqual([
      { field: 'code', message: '编码：请填写此项' },
    ]);
  });

  test('reports each unknown key at its own path', () => {
    const result = parseInput(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 });
    expect(fields(result).map((f) => f.field)).toEqual(['b', 'c']);
    expect(failure(result).message).toBe('包含无法识别的内容：b、c');
  });

  test('a union failing inside a nested field reports the closest branch', () => {
    const schema = z.object({
      where: z
        .union([
          z.object({
            village: z.string().meta({ label: '村' }),
            lane: z.string().meta({ label: '巷' }),
          }),
          z.object({ text: z.string(), a: z.string(), b: z.string() }),
        ])
        .meta({ label: '地点' }),
    });
    expect(fields(parseInput(schema, { where: { village: '王家庄' } }))).toEqual([
      { field: 'where.lane', message: '地点的巷：请填写此项' },
    ]);
  });

  test('a union failing as a whole keeps its own message', () => {
    const schema = z.object({
      phone: z
        .union([z.string().regex(/^1\d{10}$/), z.string().regex(/^0\d{9,11}$/)], {
          error: '请填写正确的手机号或固定电话',
        })
        .meta({ label: '联系电话' }),
    });
    expect(fields(parseInput(schema, { phone: '5' }))).toEqual([
      { field: 'phone', message: '联系电话：请填写正确的手机号或固定电话' },
    ]);
  });

  test('a problem with the whole input has an empty field and no label', () => {
    expect(fields(parseInput(person, undefined))).toEqual([{ field: '', message: '请填写此项' }]);
  });

  test('a field without any label gets the bare message', () => {
    expect(fields(parseInput(z.object({ x: z.string() }), {}))).toEqual([
      { field: 'x', message: '请填写此项' },
    ]);
  });

  test('a message that already opens with the label is not prefixed again', () => {
    const schema = z.object({
      days: z.number({ error: '办理时限要填数字' }).meta({ label: '办理时限' }),
    });
    expect(failure(parseInput(schema, { days: 'x' })).message).toBe('办理时限要填数字');
  });

  test('lists at most MAX_FIELD_ERRORS problems and says it truncated', () => {
    const schema = z.array(z.number());
    const error = failure(parseInput(schema, Array(MAX_FIELD_ERRORS + 5).fill('x')));
    expect(error.details?.fields).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.details?.truncated).toBe(true);
    const few = failure(parseInput(schema, ['x']));
    expect(few.details?.truncated).toBeUndefined();
  });

  test('never throws on any input, and a failure always names at least one field', () => {
    const schemas: z.ZodType[] = [
      person,
      z.strictObject({ list: z.array(person).max(3), flag: z.boolean().default(false) }),
      z.discriminatedUnion('t', [
        z.object({ t: z.literal('a'), n: z.number() }),
        z.object({ t: z.literal('b') }),
      ]),
      z.string().min(1),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...schemas),
        fc.anything({ withNullPrototype: true }),
        (schema, data) => {
          const result = parseInput(schema, data);
          if (!result.ok) {
            expect(result.error.code).toBe('VALIDATION_FAILED');
            expect(result.error.details?.fields?.length ?? 0).toBeGreaterThanOrEqual(1);
            expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
          }
        },
      ),
    );
  });
});

describe('fieldLabel', () => {
  test('finds labels through optional, default, nullable, pipe and lazy wrappers', () => {
    const schema = z.object({
      a: phone.optional(),
      b: z.string().meta({ label: '乙' }).default('x'),
      c: z.string().nullable().meta({ label: '丙' }),
      d: z
        .string()
        .meta({ label: '丁' })
        .transform((s) => s.length),
      e: z.preprocess((v) => v, z.string().meta({ label: '戊' })),
      f: z.lazy(() => z.string().meta({ label: '己' })),
      g: z.string().meta({ label: '庚' }).readonly().catch('x'),
    });
    expect(fieldLabel(schema, ['a'])).toBe('手机号');
    expect(fieldLabel(schema, ['b'])).toBe('乙');
    expect(fieldLabel(schema, ['c'])).toBe('丙');
    expect(fieldLabel(schema, ['d'])).toBe('丁');
    expect(fieldLabel(schema, ['e'])).toBe('戊');
    expect(fieldLabel(schema, ['f'])).toBe('己');
    expect(fieldLabel(schema, ['g'])).toBe('庚');
    expect(fieldLabel(schema, ['nope'])).toBeUndefined();
  });

  test('the outermost label wins over the one inside', () => {
    const schema = z.object({ p: phone.meta({ label: '申请人手机号' }).optional() });
    expect(fieldLabel(schema, ['p'])).toBe('申请人手机号');
  });

  test('a child label containing its parent label stands alone', () => {
    const schema = z.object({
      consent: z
        .object({ version: z.string().meta({ label: '隐私告知版本' }) })
        .meta({ label: '隐私告知' }),
    });
    expect(fieldLabel(schema, ['consent', 'version'])).toBe('隐私告知版本');
  });

  test('keeps the last two levels of a deep path', () => {
    const schema = z.object({
      a: z
        .object({ b: z.object({ c: z.string().meta({ label: '丙' }) }).meta({ label: '乙' }) })
        .meta({ label: '甲' }),
    });
    expect(fieldLabel(schema, ['a', 'b', 'c'])).toBe('乙的丙');
  });

  test('picks the discriminated-union branch the data chose', () => {
    const schema = z.discriminatedUnion('to', [
      z.object({ to: z.literal('dept'), note: z.string().meta({ label: '转办说明' }) }),
      z.object({ to: z.literal('court'), note: z.string().meta({ label: '移交说明' }) }),
    ]);
    expect(fieldLabel(schema, ['note'], { to: 'court' })).toBe('移交说明');
    expect(fieldLabel(schema, ['note'], { to: 'dept' })).toBe('转办说明');
    // Unknown branch: the first branch that has the field.
    expect(fieldLabel(schema, ['note'], { to: 'x' })).toBe('转办说明');
    expect(fieldLabel(schema, ['zzz'], { to: 'dept' })).toBeUndefined();
  });

  test('walks records, maps, sets, tuples and intersections', () => {
    const item = z.string().meta({ label: '项' });
    expect(fieldLabel(z.record(z.string(), item), ['k'])).toBe('项');
    expect(fieldLabel(z.map(z.string(), item), ['k'])).toBe('项');
    expect(fieldLabel(z.set(item), [0])).toBe('项');
    const tuple = z.tuple([z.string().meta({ label: '甲' })], item);
    expect(fieldLabel(tuple, [0])).toBe('甲');
    expect(fieldLabel(tuple, [3])).toBe('项');
    expect(fieldLabel(tuple, ['x'])).toBeUndefined();
    const both = z.intersection(
      z.object({ a: z.string().meta({ label: '甲' }) }),
      z.object({ b: z.string().meta({ label: '乙' }) }),
    );
    expect(fieldLabel(both, ['b'])).toBe('乙');
    expect(fieldLabel(z.string(), ['x'])).toBeUndefined();
  });

  test('an item labelled like its list is not named twice', () => {
    const schema = z.object({
      roles: z.array(z.enum(['a']).meta({ label: '角色' })).meta({ label: '角色' }),
    });
    expect(fieldLabel(schema, ['roles', 1])).toBe('角色（第2项）');
  });

  test('an unknown key is named by the object that got it', () => {
    const schema = z.object({
      reporter: z.strictObject({ kind: z.string() }).meta({ label: '举报人' }),
    });
    expect(fields(parseInput(schema, { reporter: { kind: 'x', name: '张三' } }))).toEqual([
      { field: 'reporter.name', message: '举报人：包含无法识别的内容：name' },
    ]);
  });

  test('an unlabelled list still gets the item number', () => {
    const schema = z.object({ rows: z.array(z.object({ n: z.number().meta({ label: '数量' }) })) });
    expect(fieldLabel(schema, ['rows', 2, 'n'])).toBe('第3项的数量');
  });

  test('gives up on a self-referencing lazy schema instead of looping', () => {
    const loop: z.ZodType = z.lazy(() => loop);
    expect(fieldLabel(z.object({ a: loop }), ['a'])).toBeUndefined();
  });
});

describe('labelOf and fieldErrorsOf', () => {
  test('labelOf reads the label from .meta()', () => {
    expect(labelOf(phone)).toBe('手机号');
    expect(labelOf(z.string())).toBeUndefined();
    expect(labelOf(z.string().meta({ label: '' }))).toBeUndefined();
  });

  test('fieldErrorsOf serves forms that run safeParse themselves', () => {
    const result = person.safeParse({ name: '张三', phone: '1' }, { error: zhErrorMap });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrorsOf(person, result.error.issues)).toEqual([
        { field: 'phone', message: '手机号：请填写正确的手机号' },
      ]);
    }
  });
});
