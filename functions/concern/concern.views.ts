/**
 * Replies about concerns (说事/诉求), one mapper per viewer. Nothing here spreads a stored
 * document: every field a reply carries is named, so a new stored field cannot leak by
 * accident. The reporter sees their own concern and the steps meant for them, in plain
 * words; staff see who reported it (name and masked phone, unless it is confidential, 保密)
 * and every step; a list shows no personal data at all.
 */
import {
  CALENDAR_EVENT_LABELS,
  CALENDAR_MOVED,
  dueDayText,
} from '../../shared/calendar/calendar.events';
import type { DeadlineState, DueRule } from '../../shared/calendar/deadlines';
import { deadlineState, overdueText, uncoveredNote } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { CONCERN_KIND_LABELS, CONCERN_TOPIC_LABELS } from '../../shared/concern/concern.kinds';
import type { ConcernKind, ConcernTopic } from '../../shared/concern/concern.kinds';
import type { ConcernAction } from '../../shared/concern/concern.machine';
import { concernMachine, isAwaitingRating, isOpen } from '../../shared/concern/concern.machine';
import type { Concern, RatingResult } from '../../shared/concern/concern.schema';
import {
  ESCALATION_LEVEL_LABELS,
  RATING_LABELS,
  REJECT_REASON_LABELS,
  TRANSFER_TARGET_LABELS,
} from '../../shared/concern/concern.schema';
import type { ConcernStatus } from '../../shared/concern/concern.status';
import { DEPARTMENT_LABELS } from '../../shared/grid/departments.catalog';
import type { Account } from '../../shared/account/account.schema';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { Role } from '../../shared/kernel/roles';
import { ROLE_LABELS } from '../../shared/kernel/roles';
import { allowedActions, stateLabel } from '../../shared/machine/machine';
import { maskPhone } from '../../shared/validation/primitives';
import type { PhotoLinks, PhotoView } from '../runtime/photos';
import { photoViews } from '../runtime/photos';

/** Audit events as the views read them (stored ones carry an `_id` too). */
type EventLike = AuditEventDraft;

/** Someone handling a concern, as a villager may see them: a name and what they are. No phone. */
export interface PersonView {
  readonly name: string;
  readonly roleLabel: string;
}

/** One step of a timeline. */
export interface TimelineEntry {
  readonly at: string;
  readonly title: string;
  readonly note?: string;
  /** Who took the step, in words ("您", "网格员", "指挥中心 钱热线"). */
  readonly by: string;
}

/** The place of a concern as shown: the grid node's name and the villager's own words. */
export interface PlaceView {
  readonly gridNodeId: string;
  readonly name: string;
  readonly text?: string;
}

/** What the reporter sees of their own concern. */
export interface VillagerConcernView {
  readonly id: string;
  readonly kind: ConcernKind;
  readonly kindLabel: string;
  readonly topic: ConcernTopic;
  readonly topicLabel: string;
  readonly text: string;
  /** The reporter's photos, each with a short-lived link (never stored by the app). */
  readonly photos: readonly PhotoView[];
  readonly place: PlaceView;
  readonly emergency: boolean;
  readonly confidential: boolean;
  /** Set when a grid worker filed it for the villager (代办). */
  readonly filedByStaff: boolean;
  readonly status: ConcernStatus;
  readonly statusLabel: string;
  readonly dueAt: string | null;
  /** "11月20日", for sentences like "预计 11月20日 前办结". */
  readonly dueDateText: string | null;
  readonly assignee: PersonView | null;
  readonly rejectionReason?: string;
  readonly resolution?: {
    readonly note: string;
    readonly photos: readonly PhotoView[];
    readonly resolvedAt: string;
  };
  readonly rating?: { readonly result: RatingResult; readonly label: string };
  /** True while the return visit (回访) waits for the villager's one-tap answer. */
  readonly canRate: boolean;
  readonly createdAt: string;
  readonly timeline: readonly TimelineEntry[];
}

/** The reporter as staff see them; name and phone are null when hidden (保密). */
export interface ReporterView {
  readonly name: string | null;
  readonly phone: string | null;
  /** True when `phone` is the whole number (asked for with `revealPhone`, and audited). */
  readonly phoneRevealed: boolean;
  readonly hidden: boolean;
  /** 代办: filed for a villager by a grid worker. */
  readonly onBehalfOf: boolean;
}

/** What staff (the assignee, grid workers of the place, the centre) see of a concern. */
export interface StaffConcernView extends Omit<VillagerConcernView, 'canRate' | 'filedByStaff'> {
  readonly reporter: ReporterView;
  readonly channel: Concern['channel'];
  readonly escalationLevel: number;
  readonly escalationLabel: string;
  readonly deadline: DeadlineState | null;
  /** How late open work is, as its rule counts (「超期2个工作日」, 「超时3小时」); null if on time. */
  readonly overdueText: string | null;
  /** Beside the date when it was counted in a year without holiday data; null otherwise. */
  readonly calendarNote: string | null;
  readonly extensions: readonly {
    readonly reason: string;
    readonly workingDays: number;
    readonly newDueAt: string;
    readonly requestedAt: string;
  }[];
  readonly transfer?: { readonly targetLabel: string; readonly note: string; readonly at: string };
  readonly reopenCount: number;
  readonly followerCount: number;
  /**
   * Why it came to its current handler (为什么派给我): the routing rule's explanation on the
   * handler's newest task, e.g. 「东关前村的网格员」; null when nobody holds it.
   */
  readonly routedBecause: string | null;
  /** What this viewer may do now (the buttons on the screen). */
  readonly actions: readonly string[];
}

/** The reply to a handler who no longer sees the concern (it went to a department). */
export interface HandedOverReply {
  readonly id: string;
  readonly status: Concern['status'];
  readonly statusLabel: string;
  readonly handedOver: true;
}

/** A line of a list: no reporter data at all. */
export interface ConcernListItem {
  readonly id: string;
  readonly kind: ConcernKind;
  readonly kindLabel: string;
  readonly topicLabel: string;
  readonly title: string;
  readonly placeName: string;
  readonly status: ConcernStatus;
  readonly statusLabel: string;
  readonly emergency: boolean;
  readonly dueAt: string | null;
  readonly deadline: DeadlineState | null;
  /** How late open work is, as its rule counts; null if on time or closed. */
  readonly overdueText: string | null;
  /** Beside the date when it was counted in a year without holiday data; null otherwise. */
  readonly calendarNote: string | null;
  readonly createdAt: string;
}

/**
 * A similar open concern a neighbour may join (我也遇到了): what it is about, where, how many
 * people raised it and how far it has got — never the reporter's words, photos or name.
 */
export interface SimilarConcernItem {
  readonly id: string;
  readonly topicLabel: string;
  readonly placeName: string;
  readonly statusLabel: string;
  readonly createdAt: string;
  /** The reporter and everyone who joined. */
  readonly people: number;
  /** The viewer raised it. */
  readonly mine: boolean;
  /** The viewer joined it already. */
  readonly joined: boolean;
}

/**
 * A concern as someone who joined it (我也遇到了) follows it: what it is about, where, how far
 * it has got and the handler's answer — never the reporter's words, photos or name.
 */
export interface FollowerConcernView {
  readonly id: string;
  readonly viewer: 'follower';
  readonly kindLabel: string;
  readonly topic: ConcernTopic;
  readonly topicLabel: string;
  readonly placeName: string;
  readonly status: ConcernStatus;
  readonly statusLabel: string;
  readonly dueAt: string | null;
  readonly dueDateText: string | null;
  readonly assignee: PersonView | null;
  readonly people: number;
  readonly resolution?: { readonly note: string; readonly resolvedAt: string };
  readonly rejectionReason?: string;
  readonly createdAt: string;
  /** The steps, titles and times only (a step's note may quote the reporter). */
  readonly timeline: readonly TimelineEntry[];
}

/** "11月20日" for an instant (its China-local date). */
export function dueDateText(iso: string | null): string | null {
  // Deadlines are the end of a day, except a late emergency's (noon the next day).
  return iso === null ? null : dueDayText(iso);
}

/** The first words of a concern's text, as a list title. */
export function excerpt(text: string, max = 24): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max)}…`;
}

/** How a staff member is named to a villager: "张网格", "消防 郑消防", "镇指挥中心". */
export function personView(account: Pick<Account, 'name' | 'roles' | 'departmentId'>): PersonView {
  if (account.roles.includes('dept_officer') && account.departmentId !== undefined) {
    const dept = (DEPARTMENT_LABELS as Readonly<Record<string, string>>)[account.departmentId];
    return { name: account.name, roleLabel: dept ?? ROLE_LABELS.dept_officer };
  }
  const role = account.roles.find((r) => r !== 'villager') ?? 'villager';
  return { name: account.name, roleLabel: ROLE_LABELS[role] };
}

/** The words a villager reads for the assignee in a sentence ("张网格", "镇指挥中心"). */
export function assigneeWords(person: PersonView | null): string {
  if (person === null) return '镇指挥中心';
  if (person.roleLabel === ROLE_LABELS.center_operator) return '镇指挥中心';
  if (person.roleLabel === ROLE_LABELS.grid_worker) return `网格员 ${person.name}`;
  return `${person.roleLabel} ${person.name}`;
}

/** Timeline titles a villager reads, per action. */
const VILLAGER_TITLES: Readonly<Record<string, string>> = {
  submit: '您反映了问题',
  assign: '已交给工作人员办理',
  accept: '工作人员已受理',
  start: '正在办理',
  resolve: '已办结',
  transfer: '已转交办理',
  reject: '不予受理',
  requestExtension: '办理期限延长',
  escalate: '超过期限，上级正在督办',
  join: '又有一位村民也遇到了这件事',
  rateSatisfied: '您的评价：已解决',
  rateUnsatisfied: '您的评价：问题没有完全解决，重新办理',
  archive: '已归档',
  [CALENDAR_MOVED]: CALENDAR_EVENT_LABELS[CALENDAR_MOVED] as string,
};

/** Timeline titles staff read for steps that are not machine transitions. */
const STAFF_EXTRA_TITLES: Readonly<Record<string, string>> = {
  submit: '提交',
  read_protected: '查看了说事人的完整电话',
  route_unassigned: '部分人员未能分派',
  [CALENDAR_MOVED]: CALENDAR_EVENT_LABELS[CALENDAR_MOVED] as string,
};

function transitionLabel(action: string): string | undefined {
  return Object.hasOwn(concernMachine.transitions, action)
    ? concernMachine.transitions[action as ConcernAction].label
    : undefined;
}

/** The reporter's timeline: only the steps meant for them, in plain words. */
export function villagerTimeline(
  events: readonly EventLike[],
  concern: Pick<Concern, 'reporterId' | 'onBehalfOf'>,
): TimelineEntry[] {
  return events
    .filter((e) => e.visibleToReporter)
    .map((e) => {
      let title = VILLAGER_TITLES[e.action] ?? transitionLabel(e.action) ?? '办理进展';
      if (e.action === 'submit' && e.actorId !== concern.reporterId) title = '网格员代您反映了问题';
      const by =
        e.actorId === concern.reporterId
          ? '您'
          : e.actorRole === 'system'
            ? '系统'
            : ROLE_LABELS[e.actorRole];
      return { at: e.at, title, by, ...(e.note === undefined ? {} : { note: e.note }) };
    });
}

/** The full timeline for staff: every step, who took it by name when known. */
export function staffTimeline(
  events: readonly EventLike[],
  names: ReadonlyMap<string, string>,
): TimelineEntry[] {
  return events.map((e) => {
    const title = transitionLabel(e.action) ?? STAFF_EXTRA_TITLES[e.action] ?? e.action;
    const name = names.get(e.actorId);
    const role = ROLE_LABELS[e.actorRole];
    const by = name === undefined ? role : `${role} ${name}`;
    return { at: e.at, title, by, ...(e.note === undefined ? {} : { note: e.note }) };
  });
}

function statusLabel(status: ConcernStatus): string {
  return stateLabel(concernMachine, status);
}

function placeView(concern: Concern, placeName: string): PlaceView {
  return {
    gridNodeId: concern.place.gridNodeId,
    name: placeName,
    ...(concern.place.text === undefined ? {} : { text: concern.place.text }),
  };
}

/** The common part of both detail views. */
function detailBase(concern: Concern & { _id: string }, placeName: string, links: PhotoLinks) {
  return {
    id: concern._id,
    kind: concern.kind,
    kindLabel: CONCERN_KIND_LABELS[concern.kind],
    topic: concern.topic,
    topicLabel: CONCERN_TOPIC_LABELS[concern.topic],
    text: concern.text,
    photos: photoViews(concern.photos, links),
    place: placeView(concern, placeName),
    emergency: concern.emergency,
    confidential: concern.confidential,
    status: concern.status,
    statusLabel: statusLabel(concern.status),
    dueAt: concern.dueAt,
    dueDateText: dueDateText(concern.dueAt),
    ...(concern.rejection === undefined
      ? {}
      : {
          rejectionReason: `${REJECT_REASON_LABELS[concern.rejection.reasonCode]}：${concern.rejection.reason}`,
        }),
    ...(concern.resolution === undefined
      ? {}
      : {
          resolution: {
            note: concern.resolution.note,
            photos: photoViews(concern.resolution.photos, links),
            resolvedAt: concern.resolution.resolvedAt,
          },
        }),
    ...(concern.rating === undefined
      ? {}
      : {
          rating: { result: concern.rating.result, label: RATING_LABELS[concern.rating.result] },
        }),
    createdAt: concern.createdAt,
  };
}

/** The reporter's view of their concern. */
export function toVillagerView(
  concern: Concern & { _id: string },
  facts: {
    readonly placeName: string;
    readonly assignee: PersonView | null;
    readonly events: readonly EventLike[];
    readonly links: PhotoLinks;
  },
): VillagerConcernView {
  return {
    ...detailBase(concern, facts.placeName, facts.links),
    filedByStaff: concern.onBehalfOf !== null,
    assignee: facts.assignee,
    canRate: isAwaitingRating(concern),
    timeline: villagerTimeline(facts.events, concern),
  };
}

/** Reporter contact as a staff viewer may see it. */
export interface ReporterFacts {
  readonly name: string;
  readonly phone: string | null;
}

/** Handler actions offered to staff, in the machine's stable order. */
const STAFF_ACTIONS: readonly ConcernAction[] = [
  'accept',
  'start',
  'resolve',
  'transfer',
  'reject',
  'requestExtension',
  'supervise',
];

/** The staff view: reporter name and masked phone (full only when revealed), every step. */
export function toStaffView(
  concern: Concern & { _id: string },
  facts: {
    readonly placeName: string;
    readonly assignee: PersonView | null;
    readonly events: readonly EventLike[];
    readonly actorNames: ReadonlyMap<string, string>;
    readonly reporter: ReporterFacts;
    /** Whether the viewer may learn who raised it (maySeeReporter, shared/concern/concern.privacy.ts). */
    readonly showReporter: boolean;
    readonly revealPhone: boolean;
    readonly mayHandle: boolean;
    readonly roles: readonly Role[];
    readonly nowIso: string;
    readonly calendar: WorkingCalendar;
    readonly links: PhotoLinks;
    readonly routedBecause: string | null;
  },
): StaffConcernView {
  const { reporter } = facts;
  const phone =
    !facts.showReporter || reporter.phone === null
      ? null
      : facts.revealPhone
        ? reporter.phone
        : maskPhone(reporter.phone);
  const actions = facts.mayHandle
    ? allowedActions(concernMachine, concern.status, facts.roles).filter((a) =>
        STAFF_ACTIONS.includes(a),
      )
    : [];
  return {
    ...detailBase(concern, facts.placeName, facts.links),
    assignee: facts.assignee,
    reporter: {
      name: facts.showReporter ? reporter.name : null,
      phone,
      phoneRevealed: facts.showReporter && facts.revealPhone && reporter.phone !== null,
      hidden: !facts.showReporter,
      onBehalfOf: concern.onBehalfOf !== null,
    },
    channel: concern.channel,
    escalationLevel: concern.escalationLevel,
    escalationLabel: ESCALATION_LEVEL_LABELS[concern.escalationLevel] ?? '',
    ...deadlineFacts(concern, facts.nowIso, facts.calendar),
    extensions: concern.extensions.map((x) => ({
      reason: x.reason,
      workingDays: x.workingDays,
      newDueAt: x.newDueAt,
      requestedAt: x.requestedAt,
    })),
    ...(concern.transfer === undefined
      ? {}
      : {
          transfer: {
            targetLabel: TRANSFER_TARGET_LABELS[concern.transfer.target.to],
            note: concern.transfer.note,
            at: concern.transfer.at,
          },
        }),
    reopenCount: concern.reopenCount,
    followerCount: concern.followerIds.length,
    routedBecause: facts.routedBecause,
    actions,
    timeline: staffTimeline(facts.events, facts.actorNames),
  };
}

/** The unit a concern's deadline is counted in (older concerns carry no rule). */
export function dueUnitOf(
  concern: Pick<Concern, 'dueRule' | 'emergency' | 'extensions'>,
): DueRule['unit'] {
  if (concern.dueRule !== undefined) return concern.dueRule.unit;
  return concern.emergency && concern.extensions.length === 0 ? 'hours' : 'working_days';
}

/**
 * Where open work stands against its deadline (null once it is no longer open), how late it
 * is in the words of its rule, and the note when its date was counted without holiday data.
 */
export function deadlineFacts(
  concern: Pick<Concern, 'status' | 'dueAt' | 'dueRule' | 'emergency' | 'extensions'>,
  nowIso: string,
  calendar: WorkingCalendar,
): {
  readonly deadline: DeadlineState | null;
  readonly overdueText: string | null;
  readonly calendarNote: string | null;
} {
  if (concern.dueAt === null || !isOpen(concern)) {
    return { deadline: null, overdueText: null, calendarNote: null };
  }
  const unit = dueUnitOf(concern);
  return {
    deadline: deadlineState(nowIso, concern.dueAt, calendar),
    overdueText: overdueText(nowIso, concern.dueAt, unit, calendar),
    calendarNote: unit === 'hours' ? null : uncoveredNote(calendar, nowIso, concern.dueAt),
  };
}

/** A list line (villager's own list and staff lists alike): nothing personal. */
export function toListItem(
  concern: Concern & { _id: string },
  placeName: string,
  nowIso: string,
  calendar: WorkingCalendar,
): ConcernListItem {
  return {
    id: concern._id,
    kind: concern.kind,
    kindLabel: CONCERN_KIND_LABELS[concern.kind],
    topicLabel: CONCERN_TOPIC_LABELS[concern.topic],
    title: excerpt(concern.text),
    placeName,
    status: concern.status,
    statusLabel: statusLabel(concern.status),
    emergency: concern.emergency,
    dueAt: concern.dueAt,
    ...deadlineFacts(concern, nowIso, calendar),
    createdAt: concern.createdAt,
  };
}

/** A similar open concern for "我也遇到了" (join instead of filing twice). */
export function toSimilarItem(
  concern: Concern & { _id: string },
  viewerId: string,
  placeName: string,
): SimilarConcernItem {
  return {
    id: concern._id,
    topicLabel: CONCERN_TOPIC_LABELS[concern.topic],
    placeName,
    statusLabel: statusLabel(concern.status),
    createdAt: concern.createdAt,
    people: 1 + concern.followerIds.length,
    mine: concern.reporterId === viewerId,
    joined: concern.followerIds.includes(viewerId),
  };
}

/** A line of 我关注的: a concern the viewer joined. */
export interface FollowedConcernItem {
  readonly id: string;
  readonly topicLabel: string;
  readonly placeName: string;
  readonly status: ConcernStatus;
  readonly statusLabel: string;
  readonly people: number;
  readonly dueAt: string | null;
  readonly createdAt: string;
}

export function toFollowedItem(
  concern: Concern & { _id: string },
  placeName: string,
): FollowedConcernItem {
  return {
    id: concern._id,
    topicLabel: CONCERN_TOPIC_LABELS[concern.topic],
    placeName,
    status: concern.status,
    statusLabel: statusLabel(concern.status),
    people: 1 + concern.followerIds.length,
    dueAt: concern.dueAt,
    createdAt: concern.createdAt,
  };
}

/** What someone who joined a concern sees of it (see FollowerConcernView). */
export function toFollowerView(
  concern: Concern & { _id: string },
  facts: {
    readonly placeName: string;
    readonly assignee: PersonView | null;
    readonly events: readonly EventLike[];
  },
): FollowerConcernView {
  const base = detailBase(concern, facts.placeName, new Map());
  return {
    id: concern._id,
    viewer: 'follower',
    kindLabel: base.kindLabel,
    topic: concern.topic,
    topicLabel: base.topicLabel,
    placeName: facts.placeName,
    status: concern.status,
    statusLabel: base.statusLabel,
    dueAt: concern.dueAt,
    dueDateText: base.dueDateText,
    assignee: facts.assignee,
    people: 1 + concern.followerIds.length,
    ...(concern.resolution === undefined
      ? {}
      : {
          resolution: { note: concern.resolution.note, resolvedAt: concern.resolution.resolvedAt },
        }),
    ...(base.rejectionReason === undefined ? {} : { rejectionReason: base.rejectionReason }),
    createdAt: concern.createdAt,
    timeline: villagerTimeline(facts.events, concern)
      .filter((e) => e.by !== '您')
      .map((e) => ({ at: e.at, title: e.title, by: e.by })),
  };
}
