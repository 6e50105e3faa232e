import fc from 'fast-check';
import type { z } from 'zod';
import type { AppError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { parseInput } from './parse';
import {
  contactPhoneSchema,
  coordinatesSchema,
  emptyInputSchema,
  fileIdListSchema,
  idSchema,
  instantSchema,
  landlineSchema,
  localDateSchema,
  longText,
  maskPhone,
  MAX_PAGE_SIZE,
  minutesOfDay,
  mobilePhoneSchema,
  pageSchema,
  personNameSchema,
  shortText,
  text,
  timeOfDaySchema,
  townIdSchema,
} from './primitives';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function failure(result: Result<unknown>): AppError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error;
}

const accepts = (schema: z.ZodType, input: unknown) => parseInput(schema, input).ok;

describe('ids', () => {
  test('record ids: CloudBase hex ids and composite ids pass; blanks and spaces do not', () => {
    expect(value(parseInput(idSchema, ' 5f9a0c1b2d3e4f50617283940a1b2c3d '))).toBe(
      '5f9a0c1b2d3e4f50617283940a1b2c3d',
    );
    expect(accepts(idSchema, 'slot:room-1:2025-03-08T09:00')).toBe(true);
    expect(failure(parseInput(idSchema, '')).message).toBe('编号：请填写此项');
    expect(failure(parseInput(idSchema, 'a b')).message).toBe('编号格式不对');
    expect(accepts(idSchema, 'x'.repeat(129))).toBe(false);
  });

  test('town ids are lower-case slugs or division codes', () => {
    expect(accepts(townIdSchema, 'xiaodian')).toBe(true);
    expect(accepts(townIdSchema, '371122104')).toBe(true);
    expect(failure(parseInput(townIdSchema, 'XiaoDian')).message).toBe(
      '所属镇：镇（街道）编号格式不对',
    );
  });
});

describe('phones', () => {
  test('mobile numbers are stored as bare 11 digits whatever was typed', () => {
    expect(value(parseInput(mobilePhoneSchema, '13812345678'))).toBe('13812345678');
    expect(value(parseInput(mobilePhoneSchema, '138 1234 5678'))).toBe('13812345678');
    expect(value(parseInput(mobilePhoneSchema, '+86 138-1234-5678'))).toBe('13812345678');
    expect(value(parseInput(mobilePhoneSchema, '8619912345678'))).toBe('19912345678');
  });

  test('mobile numbers must start 13–19 and have 11 digits', () => {
    for (const bad of ['12812345678', '1381234567', '138123456789', 'abc', '02812345678']) {
      expect(failure(parseInput(mobilePhoneSchema, bad)).message).toBe(
        '手机号：请填写正确的 11 位手机号',
      );
    }
    expect(failure(parseInput(mobilePhoneSchema, '')).message).toBe('手机号：请填写此项');
  });

  test('every 1[3-9] + 9 digits number is accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/), (d, rest) => {
        expect(value(parseInput(mobilePhoneSchema, `1${d}${rest}`))).toBe(`1${d}${rest}`);
      }),
    );
  });

  test('landlines keep their area code, stored with a dash', () => {
    expect(value(parseInput(landlineSchema, '0633-6123456'))).toBe('0633-6123456');
    expect(value(parseInput(landlineSchema, '06336123456'))).toBe('0633-6123456');
    expect(value(parseInput(landlineSchema, '(010) 12345678'))).toBe('010-12345678');
    expect(value(parseInput(landlineSchema, '021 1234567'))).toBe('021-1234567');
    expect(failure(parseInput(landlineSchema, '6123456')).message).toBe(
      '电话：请填写正确的固定电话，例如 0633-1234567',
    );
  });

  test('a contact phone is a mobile or a landline', () => {
    expect(value(parseInput(contactPhoneSchema, '13812345678'))).toBe('13812345678');
    expect(value(parseInput(contactPhoneSchema, '0633 6123456'))).toBe('0633-6123456');
    expect(failure(parseInput(contactPhoneSchema, '12345')).message).toBe(
      '联系电话：请填写正确的手机号或固定电话',
    );
  });
});

describe('names and text', () => {
  test('names: Chinese or Latin, middle dot allowed, trimmed, 1–20', () => {
    expect(value(parseInput(personNameSchema, ' 张三 '))).toBe('张三');
    expect(accepts(personNameSchema, '买买提·艾力')).toBe(true);
    expect(accepts(personNameSchema, 'John Smith')).toBe(true);
    expect(failure(parseInput(personNameSchema, '张3')).message).toBe('姓名：只能填写汉字或字母');
    expect(failure(parseInput(personNameSchema, '   ')).message).toBe('姓名：请填写此项');
    expect(failure(parseInput(personNameSchema, '张'.repeat(21))).message).toBe(
      '姓名：最多 20 个字',
    );
  });

  test('text is trimmed, may not be blank, and has a limit', () => {
    expect(value(parseInput(text(5), '  路灯坏了 '))).toBe('路灯坏了');
    expect(failure(parseInput(text(5, '标题'), ' \n ')).message).toBe('标题：请填写此项');
    expect(failure(parseInput(text(5, '标题'), '一二三四五六')).message).toBe('标题：最多 5 个字');
    expect(accepts(shortText(), 'x'.repeat(100))).toBe(true);
    expect(accepts(shortText(), 'x'.repeat(101))).toBe(false);
    expect(accepts(longText(), 'x'.repeat(2000))).toBe(true);
    expect(accepts(longText(), 'x'.repeat(2001))).toBe(false);
    expect(failure(parseInput(longText(10, '说明'), 'x'.repeat(11))).message).toBe(
      '说明：最多 10 个字',
    );
  });
});

describe('time', () => {
  test('instants need an offset', () => {
    expect(accepts(instantSchema, '2025-03-08T09:30:00+08:00')).toBe(true);
    expect(accepts(instantSchema, '2025-03-08T01:30:00.123Z')).toBe(true);
    expect(failure(parseInput(instantSchema, '2025-03-08T09:30:00')).message).toBe(
      '时间：请填写正确的日期和时间',
    );
  });

  test('local dates must be real days', () => {
    expect(accepts(localDateSchema, '2024-02-29')).toBe(true);
    expect(accepts(localDateSchema, '2025-02-29')).toBe(false);
    expect(accepts(localDateSchema, '2025-04-31')).toBe(false);
    expect(failure(parseInput(localDateSchema, '2025/03/08')).message).toBe(
      '日期：请填写正确的日期，例如 2025-03-08',
    );
  });

  test('every real calendar day is accepted', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          expect(accepts(localDateSchema, d.toISOString().slice(0, 10))).toBe(true);
        },
      ),
    );
  });

  test('times of day are HH:mm, 24-hour', () => {
    expect(accepts(timeOfDaySchema, '00:00')).toBe(true);
    expect(accepts(timeOfDaySchema, '23:59')).toBe(true);
    expect(accepts(timeOfDaySchema, '24:00')).toBe(false);
    expect(accepts(timeOfDaySchema, '9:30')).toBe(false);
    expect(minutesOfDay('08:30')).toBe(510);
  });
});

describe('coordinates, files, pages', () => {
  test('coordinates must fall inside China', () => {
    expect(accepts(coordinatesSchema, { lat: 35.58, lng: 118.83 })).toBe(true); // 莒县
    const error = failure(parseInput(coordinatesSchema, { lat: 0, lng: 0 }));
    expect(error.details?.fields).toEqual([
      { field: 'lat', message: '纬度：位置不在中国境内，请重新定位' },
      { field: 'lng', message: '经度：位置不在中国境内，请重新定位' },
    ]);
    expect(accepts(coordinatesSchema, { lat: 118.83, lng: 35.58 })).toBe(false); // swapped
  });

  test('up to nine distinct files', () => {
    const ids = Array.from({ length: 9 }, (_, i) => `cloud://env/p${i}.jpg`);
    expect(accepts(fileIdListSchema, ids)).toBe(true);
    expect(failure(parseInput(fileIdListSchema, [...ids, 'cloud://env/p9.jpg'])).message).toBe(
      '照片：最多 9 张',
    );
    expect(failure(parseInput(fileIdListSchema, ['a', 'a'])).message).toBe(
      '照片：同一张照片传了两次',
    );
    expect(failure(parseInput(fileIdListSchema, ['a b'])).details?.fields?.[0]?.field).toBe('0');
  });

  test('pages: default size 20, at most 100', () => {
    expect(value(parseInput(pageSchema, {}))).toEqual({ limit: 20 });
    expect(accepts(pageSchema, { limit: MAX_PAGE_SIZE, cursor: 'abc' })).toBe(true);
    expect(failure(parseInput(pageSchema, { limit: 101 })).message).toBe('每页条数：不能大于 100');
    expect(accepts(pageSchema, { limit: 0 })).toBe(false);
  });

  test('an action without input takes {}, null or nothing, but no fields', () => {
    expect(accepts(emptyInputSchema, undefined)).toBe(true);
    expect(accepts(emptyInputSchema, null)).toBe(true);
    expect(accepts(emptyInputSchema, {})).toBe(true);
    expect(accepts(emptyInputSchema, { x: 1 })).toBe(false);
  });
});

describe('maskPhone', () => {
  test('masks the middle of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  test('masks landlines and short numbers, keeps empty empty', () => {
    expect(maskPhone('0633-6123456')).toBe('063*****3456');
    expect(maskPhone('1234567')).toBe('*****67');
    expect(maskPhone('12')).toBe('**');
    expect(maskPhone('  ')).toBe('');
  });

  test('keeps the length and never shows more than seven characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toHaveLength(phone.length);
        const shown = [...masked].filter((c) => c !== '*').length;
        const allowed = phone.length >= 8 ? 7 : phone.length >= 3 ? 2 : 0;
        expect(shown).toBeLessThanOrEqual(allowed);
        if (phone.length >= 8) expect(masked.slice(-4)).toBe(phone.slice(-4));
      }),
    );
  });
});
