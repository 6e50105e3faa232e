/**
 * Plain-Chinese messages for every issue zod 4 raises, written for a villager filling in a
 * form on a phone: "请填写此项", "最多 500 个字", "请选择一项". Passed per parse
 * (`schema.safeParse(data, { error: zhErrorMap })`) rather than installed with a global
 * `z.config(...)`, so importing shared/ never changes how other code's schemas speak.
 *
 * Messages here never name the field: `parseInput` (parse.ts) prefixes the field's Chinese
 * label (`.meta({ label: '手机号' })`) so the reply reads "手机号：请填写此项". Messages also
 * never echo the rejected value back, which might be long, personal or not printable.
 * A message set on a schema itself (`{ error: '…' }`) wins over this map, as zod intends.
 */
import type { z } from 'zod';
import { chinaDate } from '../calendar/china-time';

/** A readable number or date bound for a message (`maximum`/`minimum` of an issue). */
function bound(value: number | bigint, origin: string): string {
  if (origin === 'date' && typeof value === 'number' && Number.isFinite(value)) {
    return chinaDate(value);
  }
  return String(value);
}

/** Human-readable file size for upload limits. */
function fileSize(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} 字节`;
}

const TYPE_MESSAGES: Readonly<Record<string, string>> = {
  string: '请填写文字',
  number: '请填写数字',
  int: '请填写整数',
  bigint: '请填写整数',
  boolean: '请选择“是”或“否”',
  date: '请选择日期',
  array: '内容格式不对，请重新填写',
  object: '请把这一项填写完整',
  file: '请上传文件',
};

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  email: '请填写正确的电子邮箱',
  url: '请填写正确的网址',
  date: '请填写正确的日期，例如 2025-03-08',
  datetime: '请填写正确的日期和时间',
  time: '请填写正确的时间，例如 09:30',
  duration: '请填写正确的时长',
  uuid: '编号格式不对',
  guid: '编号格式不对',
  cuid: '编号格式不对',
  cuid2: '编号格式不对',
  ulid: '编号格式不对',
  nanoid: '编号格式不对',
  xid: '编号格式不对',
  ksuid: '编号格式不对',
  ipv4: '请填写正确的 IP 地址',
  ipv6: '请填写正确的 IP 地址',
  base64: '内容格式不对',
  base64url: '内容格式不对',
  emoji: '只能填写表情符号',
  lowercase: '请使用小写字母',
  uppercase: '请使用大写字母',
};

/** The message for a too_small issue, by what was too small. */
function tooSmall(origin: string, minimum: number | bigint, inclusive: boolean, exact: boolean) {
  const n = bound(minimum, origin);
  switch (origin) {
    case 'string':
      if (exact) return `请填写 ${n} 个字`;
      return Number(minimum) <= 1 ? '请填写此项' : `至少填写 ${n} 个字`;
    case 'array':
    case 'set':
      if (exact) return `需要正好 ${n} 项`;
      return Number(minimum) <= 1 ? '请至少填写或选择一项' : `至少需要 ${n} 项`;
    case 'date':
      return inclusive ? `不能早于 ${n}` : `要晚于 ${n}`;
    case 'file':
      return `文件太小，至少 ${fileSize(minimum)}`;
    default:
      return inclusive ? `不能小于 ${n}` : `要大于 ${n}`;
  }
}

/** The message for a too_big issue, by what was too big. */
function tooBig(origin: string, maximum: number | bigint, inclusive: boolean, exact: boolean) {
  const n = bound(maximum, origin);
  switch (origin) {
    case 'string':
      return exact ? `请填写 ${n} 个字` : `最多 ${n} 个字`;
    case 'array':
    case 'set':
      return exact ? `需要正好 ${n} 项` : `最多 ${n} 项`;
    case 'date':
      return inclusive ? `不能晚于 ${n}` : `要早于 ${n}`;
    case 'file':
      return `文件太大，最大 ${fileSize(maximum)}`;
    default:
      return inclusive ? `不能大于 ${n}` : `要小于 ${n}`;
  }
}

/**
 * zod 4 error map producing plain Chinese for every issue code. Use per parse:
 * `schema.safeParse(data, { error: zhErrorMap })`; `parseInput` does this for you.
 */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      // Missing and empty are the same thing to a villager: the box was left blank.
      if (issue.input === undefined || issue.input === null || issue.expected === 'nonoptional') {
        return issue.expected === 'boolean' ? '请选择此项' : '请填写此项';
      }
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return '请填写有效的数字';
      return TYPE_MESSAGES[issue.expected] ?? '内容格式不对，请重新填写';
    }
    case 'too_small':
      return tooSmall(issue.origin, issue.minimum, issue.inclusive !== false, issue.exact === true);
    case 'too_big':
      return tooBig(issue.origin, issue.maximum, issue.inclusive !== false, issue.exact === true);
    case 'invalid_format': {
      switch (issue.format) {
        case 'starts_with':
          return `要以“${String(issue.prefix)}”开头`;
        case 'ends_with':
          return `要以“${String(issue.suffix)}”结尾`;
        case 'includes':
          return `要包含“${String(issue.includes)}”`;
        default:
          return FORMAT_MESSAGES[issue.format] ?? '格式不对，请检查后重新填写';
      }
    }
    case 'invalid_value': {
      if (issue.input === undefined) return '请选择一项';
      if (issue.values.length === 1) {
        const only = issue.values[0];
        return only === true ? '请勾选确认' : `只能填写“${String(only)}”`;
      }
      return '请选择一项';
    }
    case 'not_multiple_of':
      return `要是 ${issue.divisor} 的整数倍`;
    case 'unrecognized_keys':
      // Only a program sends unknown keys; the message names them so the developer can fix it.
      return `包含无法识别的内容：${issue.keys.map(String).join('、')}`;
    case 'invalid_union':
      return issue.discriminator !== undefined ? '请选择一项' : '请按要求填写此项';
    case 'invalid_key':
      return '名称格式不对';
    case 'invalid_element':
      return '列表里有内容格式不对';
    case 'custom':
      return '填写的内容不符合要求';
    default:
      return '填写的内容有误，请检查';
  }
};
