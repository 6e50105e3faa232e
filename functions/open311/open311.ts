/**
 * Open311 GeoReport v2 (docs/domain.md §5), read side: `services.json`, `requests.json` and
 * `requests/{id}.json`, so city-service tools and dashboards can read the town's concerns.
 *
 * Privacy: this is a public, unauthenticated feed. It carries what a notice board would —
 * kind, topic, village, status, dates — and never the villager's words, name, phone, photos
 * or coordinates (a point can identify a house). Confidential concerns are left out entirely.
 * Submitting through Open311 (POST requests.json with an api_key) is not offered: every
 * concern needs an identified villager the grid worker can call back.
 */
import {
  CONCERN_KIND_LABELS,
  CONCERN_KINDS,
  CONCERN_TOPIC_LABELS,
} from '../../shared/concern/concern.kinds';
import type { ConcernKind } from '../../shared/concern/concern.kinds';
import { concernMachine, isAwaitingRating, isClosed } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { concernSchema } from '../../shared/concern/concern.schema';
import { stateLabel } from '../../shared/machine/machine';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import type { StoredDoc } from '../store/store.port';
import { CONCERNS, TOWNS } from '../store/collections';

export interface Open311Request {
  readonly method: string;
  /** The path below `/open311/v2/` as the router decoded it, e.g. `requests/c_123.json`. */
  readonly path: string;
  /** The query as parsed: a repeated parameter arrives as an array and is refused. */
  readonly query: Readonly<Record<string, unknown>>;
}

export interface Open311Response {
  readonly status: number;
  readonly body: unknown;
}

const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;
/** Dates a feed can mean: anything outside is refused (and never reaches Date arithmetic). */
const EARLIEST_MS = Date.parse('2000-01-01T00:00:00Z');
const LATEST_MS = Date.parse('2100-01-01T00:00:00Z');
/** The parameters of GeoReport v2's read side; any other is ignored as the spec allows. */
const PARAMETERS = ['jurisdiction_id', 'start_date', 'end_date', 'service_code', 'status'] as const;
type Parameter = (typeof PARAMETERS)[number];
/** Record ids as the store makes them: a path that cannot be one names no concern. */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,128}$/;

function fail(status: number, description: string): Open311Response {
  return { status, body: [{ code: status, description }] };
}

/** Describes each concern kind (咨询, 求助 …) as an Open311 service. */
function services(): unknown[] {
  return CONCERN_KINDS.map((kind) => ({
    service_code: kind,
    service_name: CONCERN_KIND_LABELS[kind],
    description: `百姓说事点：${CONCERN_KIND_LABELS[kind]}类诉求`,
    metadata: false,
    type: 'realtime',
    keywords: CONCERN_KIND_LABELS[kind],
    group: '百姓说事',
  }));
}

interface TownInfo {
  readonly _id: string;
  readonly name?: string;
}

/** Picks the jurisdiction: the given town, or the only town of the deployment. */
async function resolveTown(
  ctx: AppContext,
  jurisdiction: string | undefined,
): Promise<TownInfo | Open311Response> {
  if (jurisdiction !== undefined) {
    // Not an id the store makes (empty, too long, odd characters): no such town.
    const town = REQUEST_ID.test(jurisdiction) ? await TOWNS.get(ctx.store, jurisdiction) : null;
    return town ?? fail(404, `jurisdiction_id 不存在：${jurisdiction}`);
  }
  const towns = await TOWNS.query(ctx.store, { limit: 2 });
  if (towns.docs.length === 1) return towns.docs[0] as TownInfo;
  return fail(400, '请用 jurisdiction_id 指明乡镇');
}

function isResponse(value: unknown): value is Open311Response {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** Open or closed in Open311 terms: resolved and awaiting rating counts as closed. */
function open311Status(concern: Concern): 'open' | 'closed' {
  return isClosed(concern) || isAwaitingRating(concern) ? 'closed' : 'open';
}

function toServiceRequest(
  concern: Concern,
  villageNames: ReadonlyMap<string, string>,
  agency: string,
) {
  return {
    service_request_id: concern._id,
    status: open311Status(concern),
    status_notes: stateLabel(concernMachine, concern.status),
    service_name: CONCERN_KIND_LABELS[concern.kind],
    service_code: concern.kind,
    description: `${CONCERN_TOPIC_LABELS[concern.topic]}（具体内容仅反映人和办理人员可见）`,
    agency_responsible: agency,
    requested_datetime: concern.createdAt,
    updated_datetime: concern.updatedAt,
    expected_datetime: concern.dueAt,
    address: villageNames.get(concern.place.gridNodeId) ?? '',
    // GeoReport v2 extension: how many villagers raised it (the reporter and those who joined).
    extended_attributes: { people_affected: 1 + concern.followerIds.length },
  };
}

function parseInstant(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms < EARLIEST_MS || ms > LATEST_MS ? null : ms;
}

/**
 * The known parameters as single strings, or the 400 answer naming the first that is
 * repeated or not text (`?status=open&status=closed`).
 */
function readQuery(
  query: Readonly<Record<string, unknown>>,
): Partial<Record<Parameter, string>> | Open311Response {
  const out: Partial<Record<Parameter, string>> = {};
  for (const name of PARAMETERS) {
    const value = Object.hasOwn(query, name) ? query[name] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string') return fail(400, `参数 ${name} 只能出现一次，且须为文字`);
    if (value.length > 200) return fail(400, `参数 ${name} 太长了`);
    out[name] = value;
  }
  return out;
}

function toConcern(doc: StoredDoc<object>): Concern | null {
  const parsed = concernSchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}

/** Answers one Open311 read. */
export async function handleOpen311(
  ctx: AppContext,
  req: Open311Request,
): Promise<Open311Response> {
  if (req.method !== 'GET') return fail(405, '只提供查询（GET）');
  if (req.path === 'services.json') return { status: 200, body: services() };
  const query = readQuery(req.query);
  if (isResponse(query)) return query;

  const town = await resolveTown(ctx, query.jurisdiction_id);
  if (isResponse(town)) return town;
  const agency = `${town.name ?? town._id}和合社会治理服务中心`;
  const names = new Map((await loadGrid(ctx, town._id)).map((n) => [n._id, n.name] as const));

  const single = /^requests\/([^/]+)\.json$/.exec(req.path);
  if (single !== null) {
    // The router decoded the path already; decoding again would turn `%25` into a crash.
    const id = single[1] ?? '';
    const doc = REQUEST_ID.test(id) ? await CONCERNS.get(ctx.store, id) : null;
    const concern = doc === null ? null : toConcern(doc);
    if (concern === null || concern.townId !== town._id || concern.confidential) {
      return fail(404, '没有找到这条诉求');
    }
    return { status: 200, body: [toServiceRequest(concern, names, agency)] };
  }
  if (req.path !== 'requests.json') return fail(404, '没有这个接口');

  const now = ctx.clock.nowMs();
  const end = parseInstant(query.end_date, now);
  const start = parseInstant(query.start_date, (end ?? now) - DEFAULT_DAYS * 86_400_000);
  if (end === null || start === null || start > end || start < EARLIEST_MS) {
    return fail(
      400,
      'start_date / end_date 须为 2000 年到 2100 年之间的 ISO 8601 时间，且开始不晚于结束',
    );
  }
  const codes = query.service_code?.split(',').filter(Boolean);
  if (codes?.some((c) => !(CONCERN_KINDS as readonly string[]).includes(c))) {
    return fail(400, 'service_code 不存在，请先查看 services.json');
  }
  const status = query.status;
  if (status !== undefined && status !== 'open' && status !== 'closed') {
    return fail(400, 'status 只能是 open 或 closed');
  }
  // Range on createdAt over the town's index. Stored instants carry +08:00 and compare as
  // strings, so the range is widened by a day each side and filtered exactly as instants.
  const where = {
    townId: town._id,
    createdAt: {
      gte: new Date(start - 86_400_000).toISOString().slice(0, 10),
      lte: new Date(end + 86_400_000).toISOString().slice(0, 10),
    },
  };
  const out: ReturnType<typeof toServiceRequest>[] = [];
  let cursor: string | null = null;
  do {
    const page: { docs: StoredDoc<object>[]; nextCursor: string | null } = await CONCERNS.query(
      ctx.store,
      {
        where,
        orderBy: { path: 'createdAt', order: 'desc' },
        limit: 200,
        cursor,
      },
    );
    for (const doc of page.docs) {
      const concern = toConcern(doc);
      if (concern === null || concern.confidential) continue;
      const created = Date.parse(concern.createdAt);
      if (created < start || created > end) continue;
      if (codes !== undefined && !codes.includes(concern.kind as ConcernKind)) continue;
      if (status !== undefined && open311Status(concern) !== status) continue;
      out.push(toServiceRequest(concern, names, agency));
    }
    cursor = out.length >= MAX_REQUESTS ? null : page.nextCursor;
  } while (cursor !== null);
  return { status: 200, body: out.slice(0, MAX_REQUESTS) };
}
