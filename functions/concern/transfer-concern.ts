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
import { commitChange, staffReply, tellReporter } from './concern.steps';
import { placeNameOf } from './concern.present';
import type { ConcernDoc } from './concern.records';
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
 * liaison: it stays `transferred`, held by the receiver, whose task says what to do; the
 * receiving side's own record (booking, petition number, clue) is linked when it is made.
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
  const dueAt =
    target.to === 'department' ? await departmentDueAt(ctx, concern, now) : concern.dueAt;
  const patch: Partial<Concern> = {
    status,
    assigneeId: receiver.value.assigneeId,
    departmentId: rule.departmentId,
    transfer: { target, note, at: now, by: account._id },
    ...(target.to === 'department' ? { dueAt, escalationLevel: 0, nearDue: false } : {}),
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

/** The receiving department's deadline: the kind's time limit from now, or the old one if later. */
async function departmentDueAt(
  ctx: AppContext,
  concern: ConcernDoc,
  now: string,
): Promise<string | null> {
  const rules = await loadDeadlineRules(ctx, concern.townId);
  const fresh = concernDueAt(ctx.calendar, rules, now, concern.kind, {
    emergency: concern.emergency,
  }).dueAt;
  if (concern.dueAt === null) return fresh;
  return Date.parse(fresh) > Date.parse(concern.dueAt) ? fresh : concern.dueAt;
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
