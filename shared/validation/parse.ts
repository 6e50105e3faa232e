/**
 * Validating an action's input: `parseInput(schema, data)` → `Result<T>`. A failure is the
 * envelope's VALIDATION_FAILED with the first problem as the Chinese message, naming the
 * field by its Chinese label ("手机号：请填写此项"), and every problem in `details.fields`
 * with its dotted path (`parties.0.phone`) for the form to show beside the box.
 *
 * Labels come from the schemas: `.meta({ label: '手机号' })` anywhere on a field (also on
 * an optional or defaulted wrapper). Inside lists the item number is added
 * ("其他当事人（第2项）的手机号").
 */
import { z } from 'zod';
import type { FieldError } from '../kernel/errors';
import { appError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import { zhErrorMap } from './zh-error-map';

/** A reply lists at most this many field problems; a 5,000-row import can fail everywhere. */
export const MAX_FIELD_ERRORS = 100;

type AnySchema = z.core.$ZodType;
type Path = readonly PropertyKey[];
type Def = Readonly<Record<string, unknown>> & { readonly type: string };

function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** The Chinese label a schema carries in zod's global registry (`.meta({ label })`). */
export function labelOf(schema: AnySchema): string | undefined {
  const meta = z.globalRegistry.get(schema);
  const label = meta?.label;
  return typeof label === 'string' && label.length > 0 ? label : undefined;
}

/** Peels optional/default/pipe… wrappers, keeping the outermost label met on the way. */
function unwrap(schema: AnySchema): { schema: AnySchema; label: string | undefined } {
  let current = schema;
  let label: string | undefined;
  // Bounded: a lazy schema may refer to itself.
  for (let depth = 0; depth < 32; depth += 1) {
    label ??= labelOf(current);
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
      case 'promise':
        current = def.innerType as AnySchema;
        continue;
      case 'lazy':
        current = (def.getter as () => AnySchema)();
        continue;
      case 'pipe': {
        const input = def.in as AnySchema;
        // z.preprocess puts the transform first; the shape that matters is the output side.
        current = defOf(input).type === 'transform' ? (def.out as AnySchema) : input;
        continue;
      }
      default:
        return { schema: current, label };
    }
  }
  return { schema: current, label };
}

function valueAt(data: unknown, segment: PropertyKey): unknown {
  if (typeof data !== 'object' || data === null) return undefined;
  return Object.prototype.hasOwnProperty.call(data, segment)
    ? (data as Record<PropertyKey, unknown>)[segment]
    : undefined;
}

/** The schema of `segment` inside `schema` (already unwrapped), using the data to pick a union branch. */
function childOf(schema: AnySchema, segment: PropertyKey, data: unknown): AnySchema | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<PropertyKey, AnySchema>;
      return Object.prototype.hasOwnProperty.call(shape, segment) ? shape[segment] : undefined;
    }
    case 'array':
      return def.element as AnySchema;
    case 'set':
      return def.valueType as AnySchema;
    case 'record':
    case 'map':
      return def.valueType as AnySchema;
    case 'tuple': {
      const items = def.items as readonly AnySchema[];
      return typeof segment === 'number'
        ? (items[segment] ?? (def.rest as AnySchema | null) ?? undefined)
        : undefined;
    }
    case 'union': {
      const options = (def.options as readonly AnySchema[]).map((o) => unwrap(o).schema);
      const discriminator = def.discriminator as string | undefined;
      if (discriminator !== undefined) {
        const tag = valueAt(data, discriminator);
        const branch = options.find((o) => o._zod.propValues?.[discriminator]?.has(tag as never));
        const found = branch === undefined ? undefined : childOf(branch, segment, data);
        if (found !== undefined) return found;
      }
      for (const option of options) {
        const found = childOf(option, segment, data);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case 'intersection':
      return (
        childOf(unwrap(def.left as AnySchema).schema, segment, data) ??
        childOf(unwrap(def.right as AnySchema).schema, segment, data)
      );
    default:
      return undefined;
  }
}

/**
 * The Chinese label of the field at `path` in `schema`, e.g. "申请人的手机号" or
 * "其他当事人（第2项）的手机号"; `undefined` when no schema on the way carries a label.
 * `data` (the parsed input) picks the branch of a discriminated union.
 */
export function fieldLabel(schema: AnySchema, path: Path, data?: unknown): string | undefined {
  const root = unwrap(schema);
  // The whole input failing (a bare phone number, say) is named by the schema's own label.
  if (path.length === 0) return root.label;
  const parts: string[] = [];
  let current = root.schema;
  let value = data;
  for (const segment of path) {
    const isIndex = typeof segment === 'number' && defOf(current).type === 'array';
    const child = childOf(current, segment, value);
    if (child === undefined) break;
    const next = unwrap(child);
    let listLabel: string | undefined;
    if (isIndex) {
      const itemNo = `第${segment + 1}项`;
      listLabel = parts.pop();
      parts.push(listLabel === undefined ? itemNo : `${listLabel}（${itemNo}）`);
    }
    // An item labelled like its list ("角色" in "角色") adds nothing.
    if (next.label !== undefined && next.label !== listLabel) {
      // "隐私告知" then "隐私告知版本" reads as the latter alone.
      const last = parts.at(-1);
      if (last !== undefined && !isIndex && next.label.includes(last)) parts.pop();
      parts.push(next.label);
    }
    current = next.schema;
    value = valueAt(value, segment);
  }
  // Two levels read naturally ("申请人的手机号"); more becomes a riddle.
  return parts.length === 0 ? undefined : parts.slice(-2).join('的');
}

function pathString(path: Path): string {
  return path.map((segment) => String(segment)).join('.');
}

interface Problem {
  readonly path: Path;
  readonly message: string;
  /** For an unknown key: the path of the object that got it, which names it better. */
  readonly labelPath?: Path;
}

/**
 * Flattens issues. A failed plain union whose closest branch failed inside a nested field
 * reports that branch's problems (more precise); one that failed as a whole keeps the
 * union's own message (e.g. "请填写正确的手机号或固定电话").
 */
function problemsOf(issues: readonly z.core.$ZodIssue[], prefix: Path): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      let closest = issue.errors[0] ?? [];
      for (const branch of issue.errors) if (branch.length < closest.length) closest = branch;
      if (closest.some((inner) => inner.path.length > 0)) {
        out.push(...problemsOf(closest, path));
        continue;
      }
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: issue.message, labelPath: path });
      }
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

/**
 * Field errors for a failed parse, each message prefixed with the field's Chinese label.
 * For forms in the mini-program that run `safeParse` themselves (with `zhErrorMap`).
 */
export function fieldErrorsOf(
  schema: AnySchema,
  issues: readonly z.core.$ZodIssue[],
  data?: unknown,
): FieldError[] {
  // zod keeps checking after a failure ('' is both blank and badly formed); a person
  // needs only the first thing wrong with each box.
  const seen = new Set<string>();
  const firstPerField = problemsOf(issues, []).filter(({ path }) => {
    const key = pathString(path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return firstPerField.map(({ path, message, labelPath }) => {
    const label = fieldLabel(schema, labelPath ?? path, data);
    return {
      field: pathString(path),
      // A message that already opens with the label ("办理时限要填数字") needs no prefix.
      message: label === undefined || message.startsWith(label) ? message : `${label}：${message}`,
    };
  });
}

/**
 * Validates an action's input. Never throws on any input: a bad one comes back as
 * VALIDATION_FAILED whose message is the first problem in Chinese, naming the field, and
 * whose `details.fields` lists the problems (at most MAX_FIELD_ERRORS, `truncated` if more).
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(data, { error: zhErrorMap });
  if (parsed.success) return ok(parsed.data);
  const all = fieldErrorsOf(schema, parsed.error.issues, data);
  const fields = all.length > 0 ? all : [{ field: '', message: '填写的内容有误，请检查' }];
  const shown = fields.slice(0, MAX_FIELD_ERRORS);
  const details =
    fields.length > shown.length ? { fields: shown, truncated: true } : { fields: shown };
  return err(appError('VALIDATION_FAILED', (shown[0] as FieldError).message, details));
}
