/**
 * Moving a concern on (一口受理、多路分流): transfer (转办) to a department, to mediation
 * (调解), to the petition office (信访办, 访调对接) or to the prosecutor liaison as a possible
 * public-interest clue (公益诉讼线索); and the centre's supervision (督办). The concern keeps
 * its history; the villager is never asked again.
 */
import type { z } from 'zod';
import { concernIntents } from '../../shared/concern/concern.machine';
import type {
  Concern,
  superviseConcernInputSchema,
  TransferConcernInput,
  TransferTargetInput,
} from '../../shared/concern/concern.schema';
import { TRANSFER_TARGET_LABELS } from '../../shared/concern/concern.schema';
import type { DepartmentCode } from '../../shared/grid/departments.catalog';
import { DEPARTMENT_LABELS } from '../../shared/grid/departments.catalog';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { Result } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { RuleAssignment } from '../../shared/routing/routing.rules';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { closeTasks, createTask } from '../runtime/tasks';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import type { HandedOverReply } from './concern.views';
import { commitChange, staffReply, tellEach, tellReporter } from './concern.steps';
import { placeNameOf } from './concern.present';
import type { ConcernDoc, PlaceDoc } from './concern.records';
import type { ConcernFacts, PreparedClue } from '../clue/clue.api';
import { prepareClueFromConcern, storeClueFromConcern } from '../clue/clue.api';
import type { Tx } from '../store/store.port';
import { loadAccount, loadForHandling, loadReadable, pendingTasksOf } from './concern.records';
import { routeConcernWith } from './concern.records';
import { taskReasonOf } from '../runtime/assignees';
import { instantAfter } from '../../shared/calendar/china-time';
import { concernDueAt } from '../../shared/calendar/deadlines';
import { loadDeadlineRules } from '../runtime/town-rules';
import type { StaffConcernView } from './concern.views';
import { assigneeWords, dueDateText, excerpt, personView } from './concern.views';

type Reply = Result<StaffConcernView | HandedOverReply>;

function departmentLabel(code: DepartmentCode): string {
  return (DEPARTMENT_LABELS as Readonly<Record<string, string>>)[code] ?? code;
}

/** Who receives a transferred concern: a one-off routing rule per target. */
function receiverRule(target: TransferTargetInput): {
  id: string;
  name: string;
  assign: RuleAssignment;
  departmentId?: DepartmentCode;
  where: string;
} {
  switch (target.to) {
    case 'department': {
      const label = departmentLabel(target.departmentId);
      return {
        id: `concern.transfer.${target.departmentId}`,
        name: `转${label}`.slice(0, 30),
        assign: {
          role: 'dept_officer',
          departmentCode: target.departmentId,
          taskKind: 'handle_concern',
          scope: 'town',
        },
        departmentId: target.departmentId,
        where: label,
      };
    }
    case 'mediation':
      // A mediator of the place (the village mediator first), as the ladder starts there.
      return {
        id: 'concern.transfer.mediation',
        name: '转调解',
        assign: { role: 'mediator', taskKind: 'mediate', scope: 'place' },
        where: '调解员',
      };
    case 'petition':
      return {
        id: 'concern.transfer.petition',
        name: '转信访办',
        assign: {
          role: 'dept_officer',
          departmentCode: 'petition_office',
          taskKind: 'handle_concern',
          scope: 'town',
        },
        departmentId: 'petition_office',
        where: departmentLabel('petition_office'),
      };
    case 'clue':
      return {
        id: 'concern.transfer.clue',
        name: '转检察联络员',
        assign: { role: 'prosecutor_liaison', taskKind: 'review_clue', scope: 'town' },
        where: '检察院联络员',
      };
  }
}

/**
 * `transfer` (转办). To a department: the concern is transferred and at once assigned to
 * that department's least-busy officer. To mediation, the petition office or the prosecutor
 * liaison: it stays `transferred`. To the liaison, the clue itself is filed in the same
 * transaction (clue/file-clue-from-concern.ts) and the concern stays with its handler until
 * the clue's decision closes it. To mediation or the petition office it is held by the
 * receiver, whose task says what to do; their record (booking, petition number) is linked
 * when it is made.
 * The old handler's tasks are cancelled.
 */
export async function transferConcern(
  ctx: AppContext,
  call: ActionCall<TransferConcernInput>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const { concernId, target, note } = call.input;
  const handling = await loadForHandling(ctx, account, concernId);
  if (!handling.ok) return handling;
  const { concern, place } = handling.value;
  const now = ctx.clock.nowIso();
  const rule = receiverRule(target);
  const transferred = concernIntents.transfer(concern, actor, {
    now,
    note: `${TRANSFER_TARGET_LABELS[target.to]}（${rule.where}）：${note}`,
  });
  if (!transferred.ok) return transferred;

  const receiver = await routeConcernWith(ctx, concern, rule);
  if (!receiver.ok) return receiver;
  const receiverAccount = await loadAccount(ctx, receiver.value.assigneeId);
  const receiverWords = assigneeWords(
    receiverAccount === null ? null : personView(receiverAccount),
  );

  // To the procuratorate: the clue itself, prepared now and stored with the transfer.
  let clue: PreparedClue | null = null;
  if (target.to === 'clue') {
    const prepared = await prepareClueFromConcern(
      ctx,
      await clueFactsOf(ctx, concern, target, place),
    );
    if (!prepared.ok) return prepared;
    clue = prepared.value;
  }

  const events: AuditEventDraft[] = [transferred.value.event];
  let status = transferred.value.status;
  if (target.to === 'department') {
    const assigned = concernIntents.assign({ ...concern, status }, systemActor(concern.townId), {
      now: instantAfter(now),
      note: `已交给 ${receiverWords} 办理`,
    });
    if (!assigned.ok) return assigned;
    events.push(assigned.value.event);
    status = assigned.value.status;
  }
  const pending = (await pendingTasksOf(ctx, concern._id)).filter(
    (t) => t.kind !== 'return_visit' && t.kind !== 'supervise',
  );
  const what = `${placeNameOf(place)}：${excerpt(concern.text, 30)}`;
  // A department is held to its own time limit, counted from the day it receives the
  // concern by the kind's rule (never earlier than the deadline already promised), and the
  // escalation ladder starts again for the new owner.
  const due =
    target.to === 'department' ? await departmentDue(ctx, concern, now) : { dueAt: concern.dueAt };
  const { dueAt } = due;
  const patch: Partial<Concern> = {
    status,
    // Handed to the procuratorate, the concern stays with its handler until the clue's
    // decision closes it: the liaison works on the clue, where an anonymous reporter stays
    // anonymous, and never reads the concern (whose staff view names the villager).
    assigneeId: clue === null ? receiver.value.assigneeId : (concern.assigneeId ?? account._id),
    departmentId: rule.departmentId,
    transfer: { target, note, at: now, by: account._id },
    ...(target.to === 'department' ? { ...due, escalationLevel: 0, nearDue: false } : {}),
    ...(clue === null ? {} : { links: { ...concern.links, clueId: clue.writes.clue._id } }),
  };
  const dueWords =
    target.to === 'department' && dueAt !== null ? `，预计 ${dueDateText(dueAt) ?? ''} 前办结` : '';
  const committed = await commitChange(ctx, call, concern, {
    patch,
    events,
    also: async (tx) => {
      const closed = await closeTasks(
        ctx,
        tx,
        pending,
        'cancel',
        `已${TRANSFER_TARGET_LABELS[target.to]}`,
        now,
      );
      if (!closed.ok) return closed;
      if (clue !== null) return handToClue(ctx, tx, concern, clue);
      const task = await createTask(ctx, tx, {
        townId: concern.townId,
        kind: receiver.value.taskKind,
        subject: { type: 'concern', id: concern._id },
        assigneeId: receiver.value.assigneeId,
        dueAt,
        reason: taskReasonOf(receiver.value),
        title: `转来的事项：${TRANSFER_TARGET_LABELS[target.to]}`,
        body: `${what}。转办说明：${note}`,
      });
      if (!task.ok) return task;
      return tellReporter(
        ctx,
        tx,
        concern,
        'transferred',
        '您反映的问题已转交办理',
        `您反映的问题已转交 ${target.to === 'department' ? receiverWords : rule.where} 办理${dueWords}。`,
      );
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concernId);
}

/** What a concern gives the clue it becomes; the villager named only with their consent. */
async function clueFactsOf(
  ctx: AppContext,
  concern: ConcernDoc,
  target: Extract<TransferTargetInput, { to: 'clue' }>,
  place: PlaceDoc | null,
): Promise<ConcernFacts> {
  const reporter = target.reporterConsent ? await loadAccount(ctx, concern.reporterId) : null;
  const named =
    reporter !== null && reporter.phone !== undefined && reporter.phone !== null
      ? { name: reporter.name, phone: reporter.phone, accountId: reporter._id }
      : null;
  const placeName = placeNameOf(place);
  return {
    concernId: concern._id,
    townId: concern.townId,
    domain: target.domain,
    text: concern.text,
    createdAt: concern.createdAt,
    photos: concern.photos,
    place: {
      gridNodeId: concern.place.gridNodeId,
      text: concern.place.text === undefined ? placeName : `${placeName}${concern.place.text}`,
      ...(concern.place.coordinates === undefined
        ? {}
        : { coordinates: concern.place.coordinates }),
    },
    named,
  };
}

/**
 * Stores the clue a concern became and gives the villager its tracking code (查询码). The code
 * goes to the reporter alone: it opens the clue (and lets one supplement it), so people who
 * joined the concern are told only that it went on.
 */
async function handToClue(
  ctx: AppContext,
  tx: Tx,
  concern: ConcernDoc,
  prepared: PreparedClue,
): Promise<Result<void>> {
  const stored = await storeClueFromConcern(ctx, tx, prepared);
  if (!stored.ok) return stored;
  const named = prepared.writes.clue.reporter.kind === 'named';
  const told = await tellEach(
    ctx,
    tx,
    concern,
    [concern.reporterId],
    'transferred',
    '您反映的问题已转交检察院',
    `您反映的问题可能涉及公共利益，已作为公益诉讼线索转交检察院。查询码 ${stored.value.trackingCode}，请记下来，凭它可以在「公益诉讼线索 → 查询进度」里查看和补充。${
      named ? '检察官可能会联系您，您的姓名和电话只有检察官能看到。' : '线索上不记录您的姓名。'
    }`,
  );
  if (!told.ok) return told;
  return tellEach(
    ctx,
    tx,
    concern,
    concern.followerIds.filter((id) => id !== concern.reporterId),
    'transferred',
    '您关注的问题已转交检察院',
    '您关注的问题可能涉及公共利益，已转交检察院办理。',
  );
}

/**
 * The receiving department's deadline: the kind's time limit from now, or the old one if
 * later, with the rule it is counted by (so a holiday change counts it again the same way).
 */
async function departmentDue(
  ctx: AppContext,
  concern: ConcernDoc,
  now: string,
): Promise<{ readonly dueAt: string | null; readonly dueRule?: Concern['dueRule'] }> {
  const rules = await loadDeadlineRules(ctx, concern.townId);
  const calendar = await ctx.calendars.forTown(concern.townId);
  const fresh = concernDueAt(calendar, rules, now, concern.kind, {
    emergency: concern.emergency,
  });
  if (concern.dueAt !== null && Date.parse(fresh.dueAt) <= Date.parse(concern.dueAt)) {
    return {
      dueAt: concern.dueAt,
      ...(concern.dueRule === undefined ? {} : { dueRule: concern.dueRule }),
    };
  }
  return { dueAt: fresh.dueAt, dueRule: fresh.rule };
}

/** The grid worker above the assignee: the community's (新村) worker, then the town's. */
const SUPERVISOR_RULE = {
  id: 'concern.supervise',
  name: '督办',
  assign: { role: 'grid_worker', taskKind: 'supervise', scope: 'community' },
} as const;

/**
 * `supervise` (督办, centre only): the instruction goes to the assignee as a push; when the
 * assignee is a grid worker and the community has a grid worker above them, that worker gets
 * a supervise task too. The reporter does not see the instruction (it is addressed to staff).
 */
export async function superviseConcern(
  ctx: AppContext,
  call: ActionCall<z.output<typeof superviseConcernInputSchema>>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const { concernId, note } = call.input;
  const readable = await loadReadable(ctx, account, concernId);
  if (!readable.ok) return readable;
  const { concern, place } = readable.value;
  const now = ctx.clock.nowIso();
  const step = concernIntents.supervise(concern, actor, { now, note });
  if (!step.ok) return step;
  const assignee = await loadAccount(ctx, concern.assigneeId);
  let supervisorId: string | null = null;
  let supervisorReason = null;
  if (assignee !== null && assignee.roles.includes('grid_worker')) {
    const found = await routeConcernWith(ctx, concern, SUPERVISOR_RULE);
    if (
      found.ok &&
      found.value.reason.step !== 'centre' &&
      found.value.assigneeId !== assignee._id
    ) {
      supervisorId = found.value.assigneeId;
      supervisorReason = taskReasonOf(found.value);
    }
  }
  const what = `${placeNameOf(place)}：${excerpt(concern.text, 30)}`;
  const committed = await commitChange(ctx, call, concern, {
    patch: {},
    events: [step.value.event],
    also: async (tx) => {
      if (supervisorId !== null && supervisorReason !== null) {
        const task = await createTask(ctx, tx, {
          townId: concern.townId,
          kind: 'supervise',
          subject: { type: 'concern', id: concern._id },
          assigneeId: supervisorId,
          dueAt: concern.dueAt,
          reason: supervisorReason,
          title: '指挥中心督办',
          body: `${what}。督办意见：${note}`,
        });
        if (!task.ok) return task;
      }
      if (assignee === null) return { ok: true, value: undefined };
      return notify(ctx, tx, {
        townId: concern.townId,
        recipientId: assignee._id,
        template: 'concern.supervised',
        title: '指挥中心督办',
        body: `${what}。督办意见：${note}`,
        link: { type: 'concern', id: concern._id },
      });
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concernId);
}
