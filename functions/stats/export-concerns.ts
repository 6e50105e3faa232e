/**
 * `stats.exportConcerns`: the centre's (指挥中心) concerns of a period as the town's ledger
 * (说事台账), an .xlsx made with exceljs — Chinese headers, dates in China time, phones masked
 * (the file travels: printed, mailed to the county), a confidential (保密) reporter not named.
 * Exporting is a protected read: each export appends an `export_ledger` audit event.
 *
 * Delivery: the reply carries the file (base64), which the H5 page downloads and the weapp
 * writes to its user data folder and opens with `openDocument`. A month of one town's concerns
 * is tens of KiB; an export stops at MAX_EXPORT_ROWS and says so in the reply.
 */
import {
  endOfLocalDay,
  instantMs,
  startOfLocalDay,
  toLocalDate,
} from '../../shared/calendar/china-time';
import { CHINA_OFFSET_MS } from '../../shared/calendar/china-time';
import { CONCERN_KIND_LABELS, CONCERN_TOPIC_LABELS } from '../../shared/concern/concern.kinds';
import { concernMachine, isOpen } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { RATING_LABELS } from '../../shared/concern/concern.schema';
import { stateLabel } from '../../shared/machine/machine';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ExportConcernsInput } from '../../shared/validation/export.schema';
import { MAX_EXPORT_ROWS } from '../../shared/validation/export.schema';
import { maskPhone } from '../../shared/validation/primitives';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { ACCOUNTS, CONCERNS, GRID_NODES } from '../store/collections';
import type { ExportedFile } from './export.views';
import { LEDGER_COLUMNS, XLSX_MIME } from './export.views';

export type { ExportedFile } from './export.views';
export { LEDGER_COLUMNS, XLSX_MIME } from './export.views';

/** `2025-11-17 09:05` in China time. */
export function chinaDateTime(iso: string): string {
  const shifted = new Date(instantMs(iso) + CHINA_OFFSET_MS);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${toLocalDate(iso)} ${hh}:${mm}`;
}

async function nameOf(
  ctx: AppContext,
  cache: Map<string, { name: string; phone?: string | undefined } | null>,
  id: string,
  townId: string,
) {
  if (!cache.has(id)) {
    const a = await ACCOUNTS.get(ctx.store, id);
    cache.set(id, a !== null && a.townId === townId ? { name: a.name, phone: a.phone } : null);
  }
  return cache.get(id) ?? null;
}

function overdueLabel(concern: Concern, nowMs: number): string {
  if (concern.dueAt === null) return '';
  const due = instantMs(concern.dueAt);
  const doneAt = concern.resolution?.resolvedAt;
  if (doneAt !== undefined) return instantMs(doneAt) > due ? '超期办结' : '按期';
  return isOpen(concern) && nowMs > due ? '已超期' : '';
}

export async function exportConcerns(
  ctx: AppContext,
  call: ActionCall<ExportConcernsInput>,
): Promise<Result<ExportedFile>> {
  const { account } = signedIn(call);
  const { from, to, status, kind } = call.input;
  const townId = account.townId;
  const range = { gte: startOfLocalDay(from), lte: endOfLocalDay(to) };
  const docs: Concern[] = [];
  let cursor: string | null = null;
  let truncated = false;
  do {
    const page: { docs: Concern[]; nextCursor: string | null } = await CONCERNS.query(ctx.store, {
      where: { townId, createdAt: range },
      orderBy: { path: 'createdAt', order: 'asc' },
      limit: 1000,
      cursor,
    });
    for (const c of page.docs) {
      if (
        (status === undefined || c.status === status) &&
        (kind === undefined || c.kind === kind)
      ) {
        if (docs.length >= MAX_EXPORT_ROWS) truncated = true;
        else docs.push(c);
      }
    }
    cursor = truncated ? null : page.nextCursor;
  } while (cursor !== null);

  const people = new Map<string, { name: string; phone?: string | undefined } | null>();
  const places = new Map<string, string>();
  const nowMs = instantMs(ctx.clock.nowIso());
  // Loaded on first use, so the function's other actions do not evaluate the library at start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = '和合说事';
  const sheet = workbook.addWorksheet('说事台账');
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  for (const [i, c] of docs.entries()) {
    const reporter = await nameOf(ctx, people, c.reporterId, townId);
    const assignee = c.assigneeId === null ? null : await nameOf(ctx, people, c.assigneeId, townId);
    if (!places.has(c.place.gridNodeId)) {
      const node = await GRID_NODES.get(ctx.store, c.place.gridNodeId);
      places.set(c.place.gridNodeId, node?.townId === townId ? node.name : '');
    }
    sheet.addRow({
      no: i + 1,
      createdAt: chinaDateTime(c.createdAt),
      kind: CONCERN_KIND_LABELS[c.kind],
      topic: CONCERN_TOPIC_LABELS[c.topic],
      place: places.get(c.place.gridNodeId) ?? '',
      placeText: c.place.text ?? '',
      text: c.text,
      reporter: c.confidential ? '保密' : (reporter?.name ?? ''),
      phone: c.confidential || reporter?.phone === undefined ? '' : maskPhone(reporter.phone),
      status: stateLabel(concernMachine, c.status),
      assignee: assignee?.name ?? '',
      dueAt: c.dueAt === null ? '' : chinaDateTime(c.dueAt),
      resolvedAt: c.resolution === undefined ? '' : chinaDateTime(c.resolution.resolvedAt),
      overdue: overdueLabel(c, nowMs),
      rating: c.rating === undefined ? '' : RATING_LABELS[c.rating.result],
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  const logged = await call.transact(townId, (tx) =>
    appendEvent(ctx, tx, {
      townId,
      subjectType: 'audit',
      subjectId: townId,
      actorId: account._id,
      actorRole: 'center_operator',
      action: 'export_ledger',
      from: null,
      to: null,
      at: ctx.clock.nowIso(),
      note: `导出说事台账 ${from} 至 ${to}，${docs.length} 条${truncated ? '（超出上限，未导全）' : ''}`,
      visibleToReporter: false,
    }),
  );
  if (!logged.ok) return logged;
  return ok({
    fileName: `说事台账_${from}_${to}.xlsx`,
    mimeType: XLSX_MIME,
    base64: Buffer.from(buffer as ArrayBuffer).toString('base64'),
    rows: docs.length,
    truncated,
  });
}
