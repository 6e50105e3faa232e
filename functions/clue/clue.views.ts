/**
 * Replies about a clue (公益诉讼线索), one explicit mapper per viewer, so no stored field can
 * reach a reply by accident (docs/architecture.md §6, \"Whitelisted replies\"). Who sees what:
 *
 * - the reporter, by tracking code (查询码) or in their own list: the status in plain words,
 *   their timeline, the two reply deadlines (件件有回复) — never a staff note, never anyone's
 *   name or phone, not even their own;
 * - the prosecutor (检察官): everything, including a named reporter's name and phone — each
 *   such read is audited (`read_protected`);
 * - the prosecutor liaison (检察联络员) and the governance centre (指挥中心): everything but the
 *   reporter's identity. The liaison is often a town cadre appointed to the role, and docs/domain.md
 *   says "shown to the prosecutor only", so the liaison sees only that the clue is named;
 * - the grid worker asked to verify (核实): the matter and the place, never the reporter.
 *
 * No staff view carries the tracking code: it is the reporter's key to the tracking page and
 * to supplementing the clue, and it stays with them.
 */
import { CLUE_DOMAIN_LABELS } from '../../shared/clue/clue.catalog';
import type { ClueAction } from '../../shared/clue/clue.machine';
import { clueMachine, isDecided } from '../../shared/clue/clue.machine';
import type { ClueReviewAction } from '../../shared/clue/clue.schema';
import { CLUE_REVIEW_ACTIONS, VERIFICATION_FINDING_LABELS } from '../../shared/clue/clue.schema';
import type { ClueStatus } from '../../shared/clue/clue.status';
import { CALENDAR_EVENT_LABELS, CALENDAR_MOVED } from '../../shared/calendar/calendar.events';
import type { DeadlineState } from '../../shared/calendar/deadlines';
import { deadlineState, overdueText, uncoveredNote } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { instantMs, toLocalDate } from '../../shared/calendar/china-time';
import type { AuditEvent } from '../../shared/kernel/audit';
import type { Role } from '../../shared/kernel/roles';
import { ROLE_LABELS } from '../../shared/kernel/roles';
import { allowedActions, stateLabel } from '../../shared/machine/machine';
import { formatCode } from '../../shared/validation/codes';
import type { PhotoLinks } from '../runtime/photos';
import { photoViews } from '../runtime/photos';
import type { ClueDoc } from './clue.records';

/** Who is looking at a clue, strongest right first. */
export type ClueViewer = 'prosecutor' | 'liaison' | 'centre' | 'verifier';

/** What the status means for the reporter, in words a villager reads. */
export const STATUS_EXPLANATIONS: Readonly<Record<ClueStatus, string>> = {
  received: '检察机关已经收到您的线索，会在 7 个工作日内给您答复。',
  under_review: '检察官正在审查您反映的情况。',
  more_info_requested: '检察官需要您补充一些情况或照片，请看下面的说明，用查询码补充。',
  verifying: '已经请网格员到现场核实情况。',
  accepted: '您的线索已被受理，检察机关会依法办理，办理结果会告诉您。',
  not_accepted: '检察机关决定不予受理，理由见下面的说明。',
  transferred: '您的线索已移送有关行政机关处理。',
};

/** The submission's own line in a timeline (it is not a machine transition). */
export const SUBMIT_ACTION = 'submit';
const SUBMIT_LABEL = '提交线索，检察机关已收到';

/** A secondary routing assignment nobody could take (the roster needs fixing). */
export const ROUTING_UNASSIGNED_ACTION = 'routing_unassigned';

/** Reads of protected data are audit events too, but never timeline steps. */
export const READ_PROTECTED_ACTION = 'read_protected';

/**
 * Steps whose note is written for the reporter ("举报人会看到"): what to supplement, why not
 * accepted, where it was transferred. Every other note is internal and stays with staff.
 */
const NOTES_FOR_REPORTER: ReadonlySet<string> = new Set<string>([
  'requestMoreInfo',
  'notAccept',
  'transfer',
  CALENDAR_MOVED,
] satisfies (ClueAction | typeof CALENDAR_MOVED)[]);

/** Audit actions of a clue that are not machine transitions, with their Chinese labels. */
const OTHER_STEP_LABELS: Readonly<Record<string, string>> = {
  [SUBMIT_ACTION]: SUBMIT_LABEL,
  [ROUTING_UNASSIGNED_ACTION]: '有任务未能分派，请管理员补充人员',
  [CALENDAR_MOVED]: CALENDAR_EVENT_LABELS[CALENDAR_MOVED] as string,
};

function stepLabel(action: string): string {
  const other = Object.hasOwn(OTHER_STEP_LABELS, action) ? OTHER_STEP_LABELS[action] : undefined;
  if (other !== undefined) return other;
  const row = Object.hasOwn(clueMachine.transitions, action)
    ? clueMachine.transitions[action as ClueAction]
    : undefined;
  return row?.label ?? action;
}

/** `2025-11-26T23:59:59.999+08:00` → `2025年11月26日`. */
export function zhDate(iso: string): string {
  const [y, m, d] = toLocalDate(iso).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export interface TimelineStep {
  readonly at: string;
  readonly label: string;
  readonly note?: string;
}

/** The reporter's timeline: reporter-visible steps only, notes only where meant for them. */
export function toReporterTimeline(events: readonly AuditEvent[]): TimelineStep[] {
  return events
    .filter((e) => e.visibleToReporter && e.action !== READ_PROTECTED_ACTION)
    .map((e) => ({
      at: e.at,
      label: stepLabel(e.action),
      ...(e.note !== undefined && NOTES_FOR_REPORTER.has(e.action) ? { note: e.note } : {}),
    }));
}

export interface StaffTimelineStep extends TimelineStep {
  /** The role that acted, in Chinese; the reporter shows as 举报人, never by account. */
  readonly by: string;
  readonly visibleToReporter: boolean;
}

/** Staff timeline: every step with its note and the acting role; access logs left out. */
export function toStaffTimeline(events: readonly AuditEvent[]): StaffTimelineStep[] {
  return events
    .filter((e) => e.action !== READ_PROTECTED_ACTION)
    .map((e) => ({
      at: e.at,
      label: stepLabel(e.action),
      by: e.actorId === REPORTER_ACTOR_ID ? '举报人' : ROLE_LABELS[e.actorRole],
      ...(e.note === undefined ? {} : { note: e.note }),
      visibleToReporter: e.visibleToReporter,
    }));
}

/** The audit actor id of the reporter: their account is never written into an event. */
export const REPORTER_ACTOR_ID = 'reporter';

/** Whether the reporter is being asked for more (the machine's `supplyInfo` is open to them). */
export function reporterMaySupplement(clue: ClueDoc): boolean {
  return allowedActions(clueMachine, clue.status, ['villager']).includes('supplyInfo');
}

/** The two reply deadlines as the reporter reads them. */
export function toReporterDeadlines(clue: ClueDoc) {
  const d = clue.deadlines;
  return {
    proceduralReplyDueAt: d.proceduralReplyDueAt,
    proceduralReplied: d.proceduralRepliedAt !== undefined,
    resultDueAt: d.resultDueAt,
    resultReplied: d.resultRepliedAt !== undefined,
    text:
      d.proceduralRepliedAt === undefined
        ? `检察机关会在${zhDate(d.proceduralReplyDueAt)}前答复您，${zhDate(d.resultDueAt)}前告诉您处理结果或进展。`
        : d.resultRepliedAt === undefined
          ? `检察机关已答复，会在${zhDate(d.resultDueAt)}前告诉您处理结果或进展。`
          : '检察机关已告诉您处理结果。',
  };
}

function decisionForReporter(clue: ClueDoc) {
  const decision = clue.decision;
  if (decision === undefined) return undefined;
  return {
    result: decision.result,
    label: stateLabel(clueMachine, decision.result),
    at: decision.at,
    ...(decision.result === 'accepted' || decision.reason === undefined
      ? {}
      : { reason: decision.reason }),
    ...(decision.transferredTo === undefined ? {} : { transferredTo: decision.transferredTo }),
  };
}

/** The tracking page (查询进度): no personal data, no internal note, no place or text. */
export function toTrackView(clue: ClueDoc, events: readonly AuditEvent[]) {
  return {
    trackingCode: formatCode(clue.trackingCode),
    domain: { code: clue.domain, label: CLUE_DOMAIN_LABELS[clue.domain] },
    status: clue.status,
    statusLabel: stateLabel(clueMachine, clue.status),
    explanation: STATUS_EXPLANATIONS[clue.status],
    receivedAt: clue.createdAt,
    deadlines: toReporterDeadlines(clue),
    canSupplement: reporterMaySupplement(clue),
    decision: decisionForReporter(clue),
    timeline: toReporterTimeline(events),
  };
}

/** One of a named reporter's own clues, in their list (他们自己的线索). */
export function toMyClueItem(clue: ClueDoc) {
  return {
    clueId: clue._id,
    trackingCode: formatCode(clue.trackingCode),
    domain: { code: clue.domain, label: CLUE_DOMAIN_LABELS[clue.domain] },
    placeText: clue.place.text,
    status: clue.status,
    statusLabel: stateLabel(clueMachine, clue.status),
    explanation: STATUS_EXPLANATIONS[clue.status],
    receivedAt: clue.createdAt,
    deadlines: toReporterDeadlines(clue),
    canSupplement: reporterMaySupplement(clue),
  };
}

/** Where a deadline stands, or `replied` once the reply it asks for was given. */
export type ReplyState = DeadlineState | 'replied';

/**
 * Both 件件有回复 deadlines with where each stands now; how late an unanswered one is, in
 * working days (「超期2个工作日」); and a note when a pending one was counted in a year without
 * holiday data.
 */
export function toStaffDeadlines(clue: ClueDoc, nowIso: string, calendar: WorkingCalendar) {
  const d = clue.deadlines;
  const state = (due: string, repliedAt: string | undefined): ReplyState =>
    repliedAt === undefined ? deadlineState(nowIso, due, calendar) : 'replied';
  const late = (due: string, repliedAt: string | undefined): string | null =>
    repliedAt === undefined ? overdueText(nowIso, due, 'working_days', calendar) : null;
  const pending = [
    d.proceduralRepliedAt === undefined ? d.proceduralReplyDueAt : null,
    d.resultRepliedAt === undefined ? d.resultDueAt : null,
  ].filter((due): due is string => due !== null);
  const latest = pending.sort((a, b) => instantMs(b) - instantMs(a))[0];
  return {
    proceduralReplyDueAt: d.proceduralReplyDueAt,
    proceduralRepliedAt: d.proceduralRepliedAt ?? null,
    proceduralState: state(d.proceduralReplyDueAt, d.proceduralRepliedAt),
    proceduralOverdue: late(d.proceduralReplyDueAt, d.proceduralRepliedAt),
    resultDueAt: d.resultDueAt,
    resultRepliedAt: d.resultRepliedAt ?? null,
    resultState: state(d.resultDueAt, d.resultRepliedAt),
    resultOverdue: late(d.resultDueAt, d.resultRepliedAt),
    calendarNote: latest === undefined ? null : uncoveredNote(calendar, nowIso, latest),
  };
}

/** Every photo of a clue: the reporter's, the verification's, the supplements'. */
export function cluePhotoIds(clue: ClueDoc): string[] {
  return [
    ...clue.photos,
    ...(clue.verification?.photos ?? []),
    ...clue.supplements.flatMap((s) => s.photos),
  ];
}

/** The matter itself, as every staff viewer may see it: what, where, when, evidence, party. */
function matterOf(clue: ClueDoc, links: PhotoLinks) {
  return {
    clueId: clue._id,
    domain: { code: clue.domain, label: CLUE_DOMAIN_LABELS[clue.domain] },
    seen: clue.seen,
    place: {
      text: clue.place.text,
      gridNodeId: clue.place.gridNodeId,
      ...(clue.place.coordinates === undefined
        ? {}
        : { coordinates: { lat: clue.place.coordinates.lat, lng: clue.place.coordinates.lng } }),
    },
    when: {
      date: clue.when.date,
      ...(clue.when.time === undefined ? {} : { time: clue.when.time }),
      ongoing: clue.when.ongoing,
      ...(clue.when.note === undefined ? {} : { note: clue.when.note }),
    },
    photos: photoViews(clue.photos, links),
    ...(clue.party === undefined
      ? {}
      : {
          party: {
            ...(clue.party.name === undefined ? {} : { name: clue.party.name }),
            ...(clue.party.description === undefined
              ? {}
              : { description: clue.party.description }),
          },
        }),
    status: clue.status,
    statusLabel: stateLabel(clueMachine, clue.status),
    receivedAt: clue.createdAt,
  };
}

function verificationOf(clue: ClueDoc, links: PhotoLinks) {
  const v = clue.verification;
  if (v === undefined) return null;
  return {
    findings: v.findings,
    photos: photoViews(v.photos, links),
    foundAsDescribed: v.foundAsDescribed,
    foundAsDescribedLabel: VERIFICATION_FINDING_LABELS[v.foundAsDescribed],
    at: v.at,
  };
}

/** A linked possible duplicate, with what the reviewer needs to compare. */
export interface DuplicateView {
  readonly clueId: string;
  readonly reason: string;
  readonly distanceMeters: number | null;
  readonly status: ClueStatus | null;
  readonly statusLabel: string | null;
  readonly placeText: string | null;
  readonly receivedAt: string | null;
}

/** Review actions the viewer's roles may take now (for the buttons). */
export function reviewActionsFor(clue: ClueDoc, roles: readonly Role[]): ClueReviewAction[] {
  const review: readonly string[] = CLUE_REVIEW_ACTIONS;
  return allowedActions(clueMachine, clue.status, roles).filter((a): a is ClueReviewAction =>
    review.includes(a),
  );
}

/** The reporter as a reviewer sees them: identity for the prosecutor only. */
function reporterFor(clue: ClueDoc, viewer: 'prosecutor' | 'liaison' | 'centre') {
  const r = clue.reporter;
  if (r.kind === 'anonymous') return { kind: 'anonymous' as const, label: '匿名举报' };
  if (viewer !== 'prosecutor') {
    return { kind: 'named' as const, label: '实名举报（举报人身份仅检察官可见）' };
  }
  return { kind: 'named' as const, label: '实名举报', name: r.name, phone: r.phone };
}

/** The reviewer's view: prosecutor, liaison or centre (see the module comment). */
export function toReviewerView(
  clue: ClueDoc,
  viewer: 'prosecutor' | 'liaison' | 'centre',
  extra: {
    readonly roles: readonly Role[];
    readonly duplicates: readonly DuplicateView[];
    readonly events: readonly AuditEvent[];
    readonly nowIso: string;
    readonly calendar: WorkingCalendar;
    readonly links: PhotoLinks;
  },
) {
  const decision = clue.decision;
  return {
    ...matterOf(clue, extra.links),
    reporter: reporterFor(clue, viewer),
    deadlines: toStaffDeadlines(clue, extra.nowIso, extra.calendar),
    decided: isDecided(clue),
    possibleDuplicates: extra.duplicates.map((d) => ({ ...d })),
    verification: verificationOf(clue, extra.links),
    supplements: clue.supplements.map((s) => ({
      text: s.text,
      photos: photoViews(s.photos, extra.links),
      at: s.at,
    })),
    decision:
      decision === undefined
        ? null
        : {
            result: decision.result,
            label: stateLabel(clueMachine, decision.result),
            reason: decision.reason ?? null,
            transferredTo: decision.transferredTo ?? null,
            at: decision.at,
          },
    timeline: toStaffTimeline(extra.events),
    actions: viewer === 'centre' ? [] : reviewActionsFor(clue, extra.roles),
  };
}

/** The verifying grid worker's view: the matter and the place, never the reporter. */
export function toVerifierView(
  clue: ClueDoc,
  task: { readonly _id: string; readonly status: string; readonly dueAt: string | null },
  request: string | null,
  links: PhotoLinks,
) {
  return {
    ...matterOf(clue, links),
    verificationRequest: request,
    task: { taskId: task._id, status: task.status, dueAt: task.dueAt },
    verification: verificationOf(clue, links),
    canVerify: task.status === 'open' || task.status === 'acknowledged',
  };
}

/** A row of the review queue (待审查线索), oldest first. */
export function toReviewItem(clue: ClueDoc, nowIso: string, calendar: WorkingCalendar) {
  return {
    clueId: clue._id,
    domain: { code: clue.domain, label: CLUE_DOMAIN_LABELS[clue.domain] },
    placeText: clue.place.text,
    gridNodeId: clue.place.gridNodeId,
    status: clue.status,
    statusLabel: stateLabel(clueMachine, clue.status),
    reporterKind: clue.reporter.kind,
    receivedAt: clue.createdAt,
    deadlines: toStaffDeadlines(clue, nowIso, calendar),
    possibleDuplicateCount: clue.duplicateCandidates.length,
    verified: clue.verification !== undefined,
  };
}
