/**
 * Field schemas shared by every entity and action input, each with a Chinese label so a
 * failure reads "手机号：请填写正确的手机号". Give a field its own label with
 * `.meta({ label: '申请人手机号' })`; it replaces the default one.
 */
import { z } from 'zod';

/** Store ids: CloudBase's 32-hex ids, or composite ids we choose (`slot:room1:…`). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** A record id (the store's `_id`, or a reference to one). */
export const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(ID_PATTERN, { error: '编号格式不对' })
  .meta({ label: '编号' });

/**
 * A town's id. Every record carries it; one deployment may serve a whole county. A county
 * officer's `townId` is the county's own id. Lower-case letters, digits and hyphens
 * (e.g. `xiaodian`, `juxian-xiaodian`, or the 9/12-digit administrative division code).
 */
export const townIdSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: '镇（街道）编号格式不对' })
  .meta({ label: '所属镇' });

/** Removes what people type between digits of a phone number ("138 1234-5678"). */
function phoneDigits(value: string): string {
  return value.replace(/[\s\u3000\-－()（）]/g, '');
}

/**
 * Mainland mobile number, 11 digits starting 13–19. Spaces and dashes are removed and a
 * leading +86 / 86 dropped, so what is stored is always the bare 11 digits.
 */
export const mobilePhoneSchema = z
  .string()
  .overwrite((v) => phoneDigits(v).replace(/^\+?86(?=1\d{10}$)/, ''))
  .min(1)
  .regex(/^1[3-9]\d{9}$/, { error: '请填写正确的 11 位手机号' })
  .meta({ label: '手机号' });

/**
 * Mainland landline with its area code (区号), e.g. 0633-1234567 (莒县 is 0633). Stored
 * as `0633-1234567`, whatever separator was typed.
 */
export const landlineSchema = z
  .string()
  .overwrite((v) => {
    const digits = phoneDigits(v);
    // Area codes: 010 and 02x are three digits, all others four.
    const m = /^(010|02\d|0[3-9]\d\d)(\d{7,8})$/.exec(digits);
    return m ? `${m[1]}-${m[2]}` : v.trim();
  })
  .min(1)
  .regex(/^0\d{2,3}-\d{7,8}$/, { error: '请填写正确的固定电话，例如 0633-1234567' })
  .meta({ label: '电话' });

/** Any phone a person can be reached on: a mobile or a landline (e.g. a family's house phone). */
export const contactPhoneSchema = z
  .union([mobilePhoneSchema, landlineSchema], { error: '请填写正确的手机号或固定电话' })
  .meta({ label: '联系电话' });

/**
 * Characters that show nothing: zero-width marks (U+200B–U+200D, U+2060, U+FEFF) and the
 * bidirectional embeddings, overrides and isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069),
 * which can also make a line read backwards. Text drops them before it is trimmed or counted.
 */
export const INVISIBLE_CHARACTERS = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/** Control characters no keyboard types into a form: C0 but tab and line breaks, DEL, C1. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

export const CONTROL_CHARACTER_MESSAGE = '不能包含看不见的控制字符，请重新输入';

/** `text` without the invisible characters (see INVISIBLE_CHARACTERS). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, '');
}

/**
 * A string as people type it: invisible characters dropped (so "at least 5 characters"
 * counts what a reader sees), control characters (NUL …) refused. Every free text of a form
 * starts from this.
 */
export function visibleString() {
  return z
    .string()
    .overwrite(withoutInvisible)
    .refine((s) => !CONTROL_CHARACTERS.test(s), { error: CONTROL_CHARACTER_MESSAGE });
}

/**
 * A person's name: Chinese characters or Latin letters (with the middle dot of names like
 * 买买提·艾力), 1–20 characters, trimmed.
 */
export const personNameSchema = visibleString()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•. '-]*$/u, {
    error: '只能填写汉字或字母',
  })
  .meta({ label: '姓名' });

export const SHORT_TEXT_MAX = 100;
export const LONG_TEXT_MAX = 2000;

/** Trimmed, non-blank text of at most `max` characters. */
export function text(max: number, label?: string) {
  const schema = visibleString().trim().min(1).max(max);
  return label === undefined ? schema : schema.meta({ label });
}

/** A short trimmed non-blank text: a title, a place, a reason line (default ≤ 100). */
export function shortText(max: number = SHORT_TEXT_MAX, label?: string) {
  return text(max, label);
}

/** A long trimmed non-blank text: a description, a note (default ≤ 2000). */
export function longText(max: number = LONG_TEXT_MAX, label?: string) {
  return text(max, label);
}

/** An instant in ISO 8601 with its offset (`2025-03-08T09:30:00+08:00` or `…Z`). */
export const instantSchema = z.iso
  .datetime({ offset: true, error: '请填写正确的日期和时间' })
  .meta({ label: '时间' });

/** A China-local calendar day `YYYY-MM-DD`; only real dates (no 02-30, 29 Feb in leap years only). */
export const localDateSchema = z.iso
  .date({ error: '请填写正确的日期，例如 2025-03-08' })
  .meta({ label: '日期' });

/**
 * Whole days from `from` to `to` (both `YYYY-MM-DD`), or undefined unless both are real
 * dates. Object refinements run even when a field inside failed its format, so range
 * checks must not trust their inputs.
 */
export function daysBetween(from: string, to: string): number | undefined {
  if (!localDateSchema.safeParse(from).success || !localDateSchema.safeParse(to).success) {
    return undefined;
  }
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** A time of day `HH:mm`, 24-hour. */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '请填写正确的时间，例如 09:30' })
  .meta({ label: '时间' });

/** Minutes since midnight of an `HH:mm` (already validated). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * China's bounding box, with margin (incl. the South China Sea islands). A point outside is
 * a wrong fix (0,0 from a failed GPS) or swapped lat/lng.
 */
export const CHINA_BOUNDS = { minLat: 3.5, maxLat: 53.6, minLng: 73.4, maxLng: 135.1 } as const;

/**
 * A point on the map. Coordinates are GCJ-02 (国测局坐标), what `wx.getLocation({ type:
 * 'gcj02' })` and Tencent maps give; never mix in WGS-84 from raw GPS without converting.
 */
export const coordinatesSchema = z
  .object({
    lat: z
      .number()
      .min(CHINA_BOUNDS.minLat, { error: '位置不在中国境内，请重新定位' })
      .max(CHINA_BOUNDS.maxLat, { error: '位置不在中国境内，请重新定位' })
      .meta({ label: '纬度' }),
    lng: z
      .number()
      .min(CHINA_BOUNDS.minLng, { error: '位置不在中国境内，请重新定位' })
      .max(CHINA_BOUNDS.maxLng, { error: '位置不在中国境内，请重新定位' })
      .meta({ label: '经度' }),
  })
  .meta({ label: '地图位置' });
export type Coordinates = z.infer<typeof coordinatesSchema>;

export const MAX_PHOTOS = 9;

/** An uploaded file's id (`cloud://…` on CloudBase, a local key in the embedded host). */
export const fileIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .regex(/^\S+$/, { error: '文件编号格式不对' })
  .meta({ label: '文件' });

/** Up to nine uploaded photos or files (WeChat's own picker limit), no repeats. */
export const fileIdListSchema = z
  .array(fileIdSchema)
  .max(MAX_PHOTOS, { error: `最多 ${MAX_PHOTOS} 张` })
  .refine((ids) => new Set(ids).size === ids.length, { error: '同一张照片传了两次' })
  .meta({ label: '照片' });

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Fields of a paged list query: an opaque cursor from the previous page and a page size. */
export const pageFields = {
  cursor: z.string().min(1).max(512).optional().meta({ label: '翻页位置' }),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ label: '每页条数' }),
};

/** A paged list query with nothing else. */
export const pageSchema = z.strictObject(pageFields);

/** An action that takes no input (`me`, `myProgress`): `{}`, `null` or nothing at all. */
export const emptyInputSchema = z.strictObject({}).nullish();

/**
 * Masks a phone number for people who do not need it whole: `13812345678` → `138****5678`.
 * Keeps the first three and last four characters of numbers of eight or more; shorter ones
 * keep only their last two. Separators count as characters.
 */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (value.length === 0) return '';
  if (value.length >= 8) {
    return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
  }
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}
