/**
 * `concern.submit`: a villager raises a concern (说事), or a grid worker files one for a
 * villager of their grid (代办), or the centre records a hotline call (123镇长热线) for one.
 * The concern is routed at once: in one transaction it is stored as submitted, assigned by
 * the system to whoever routing chose, the tasks are created with the rule that chose them,
 * and the reporter is told who handles it and by when.
 */
import { concernDueAt } from '../../shared/calendar/deadlines';
import { CONCERN_KIND_LABELS } from '../../shared/concern/concern.kinds';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { Concern, SubmitConcernInput } from '../../shared/concern/concern.schema';
import type { AuditEventDraft } from '../../shared/kernel/audit';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Role } from '../../shared/kernel/roles';
import { systemActor } from '../../shared/kernel/roles';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import { appendEvent } from '../runtime/changes';
import { createTask } from '../runtime/tasks';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import { concernWriter } from './concern.collections';
import { attachPhotos, checkOwnPhotos } from '../runtime/photos';
import { isInScope, loadRoutingDirectory } from '../runtime/directory';
import type { ConcernDoc } from './concern.records';
import { loadAccount, loadPlace } from './concern.records';
import { loadDeadlineRules, loadRoutingRules } from '../runtime/town-rules';
import { placeNameOf } from './concern.present';
import type { VillagerConcernView } from './concern.views';
import { assigneeWords, dueDateText, excerpt, personView, toVillagerView } from './concern.views';
import { taskReasonOf } from '../runtime/assignees';
import { instantAfter } from '../../shared/calendar/china-time';
import { ACCOUNTS } from '../store/collections';

/** Who the concern is for and how it came in. */
interface Filing {
  readonly reporterId: string;
  readonly onBehalfOf: Concern['onBehalfOf'];
  readonly channel: Concern['channel'];
  readonly filerRole: Role;
}

function fieldError(field: string, message: string) {
  return appError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
}

/**
 * Works out the reporter. A villager files for themselves; staff must name the villager
 * (代办), who must live in the grid the worker answers for.
 */
async function resolveFiling(
  ctx: AppContext,
  account: AccountDoc,
  input: SubmitConcernInput,
): Promise<Result<Filing>> {
  const behalf = input.onBehalfOf;
  if (behalf === undefined) {
    if (!account.roles.includes('villager')) {
      return err(fieldError('onBehalfOf.villagerName', '代村民反映问题时，请填写村民姓名'));
    }
    return ok({
      reporterId: account._id,
      onBehalfOf: null,
      channel: 'miniapp',
      filerRole: 'villager',
    });
  }
  const filerRole: Role | undefined = account.roles.includes('grid_worker')
    ? 'grid_worker'
    : account.roles.includes('center_operator')
      ? 'center_operator'
      : undefined;
  if (filerRole === undefined) {
    return err(appError('FORBIDDEN', '只有网格员或指挥中心可以代村民反映问题'));
  }
  let reporterId = account._id;
  if (behalf.villagerAccountId !== undefined) {
    const villager = await loadAccount(ctx, behalf.villagerAccountId);
    if (
      villager === null ||
      villager.townId !== account.townId ||
      !villager.roles.includes('villager')
    ) {
      return err(fieldError('onBehalfOf.villagerAccountId', '没有找到这位村民，请核对后再试'));
    }
    const home = villager.gridNodeIds[0];
    const node = home === undefined ? null : await loadPlace(ctx, account.townId, home);
    if (node === null || !isInScope(account, node)) {
      return err(
        appError('FORBIDDEN', '这位村民不在您负责的网格内，不能代办', { reason: 'out_of_scope' }),
      );
    }
    reporterId = villager._id;
  }
  return ok({
    reporterId,
    onBehalfOf: { filedBy: account._id, ...behalf },
    channel: filerRole === 'grid_worker' ? 'grid_worker' : 'hotline',
    filerRole,
  });
}

/** Push text for each assignment's task. */
function taskPush(
  a: Assignment,
  concern: Pick<Concern, 'kind' | 'text' | 'emergency' | 'dueAt'>,
  placeName: string,
) {
  const urgent = concern.emergency ? '【紧急】' : '';
  const what = `${placeName}：${excerpt(concern.text, 30)}`;
  const by = dueDateText(concern.dueAt);
  if (a.taskKind === 'supervise') {
    return { title: `${urgent}请跟进督办`, body: `${what}。请跟进办理情况。` };
  }
  return {
    title: `${urgent}新的${CONCERN_KIND_LABELS[concern.kind]}事项`,
    body: by === null ? what : `${what}。请在${by}前办结。`,
  };
}

/** Runs `submit`. */
export async function submitConcern(
  ctx: AppContext,
  call: ActionCall<SubmitConcernInput>,
): Promise<Result<VillagerConcernView>> {
  const { account } = signedIn(call);
  const input = call.input;
  const townId = account.townId;

  const filing = await resolveFiling(ctx, account, input);
  if (!filing.ok) return filing;

  const place = await loadPlace(ctx, townId, input.place.gridNodeId);
  if (place === null) {
    return err(fieldError('place.gridNodeId', '请选择本镇的村或网格'));
  }
  // 代办 for a villager without an account: the place itself must be the worker's.
  if (
    filing.value.filerRole === 'grid_worker' &&
    input.onBehalfOf?.villagerAccountId === undefined &&
    !isInScope(account, place)
  ) {
    return err(
      appError('FORBIDDEN', '这个地方不在您负责的网格内，不能代办', { reason: 'out_of_scope' }),
    );
  }

  for (const [field, text] of [
    ['text', input.text],
    ['place.text', input.place.text],
  ] as const) {
    if (text === undefined) continue;
    const checked = await ctx.contentCheck.checkText({ text, accountId: account._id, field });
    if (!checked.ok) return checked;
  }
  const photosChecked = await checkOwnPhotos(ctx, account._id, input.photos);
  if (!photosChecked.ok) return photosChecked;

  const now = ctx.clock.nowIso();
  const deadlineRules = await loadDeadlineRules(ctx, townId);
  const due = concernDueAt(await ctx.calendars.forTown(townId), deadlineRules, now, input.kind, {
    emergency: input.emergency,
  });
  if (due.uncoveredYears.length > 0) {
    ctx.log.warn(
      { townId, uncoveredYears: due.uncoveredYears },
      'concern deadline counted without holiday data for these years (weekends only)',
    );
  }

  const rules = await loadRoutingRules(ctx, townId);
  const directory = await loadRoutingDirectory(ctx, townId, { gridNodeId: place._id, rules });
  const decision = route(
    {
      subject: 'concern',
      townId,
      gridNodeId: place._id,
      kind: input.kind,
      topic: input.topic,
      emergency: input.emergency,
    },
    directory,
    rules,
  );
  if (!decision.ok) return decision;
  const { primary, secondary, unassigned } = decision.value;
  const assigneeAccount = await ACCOUNTS.get(ctx.store, primary.assigneeId);
  const assignee = assigneeAccount === null ? null : personView(assigneeAccount);
  const placeName = placeNameOf(place);

  const concernId = ctx.ids.newId('concern');
  const system = systemActor(townId);
  const submitted: Omit<Concern, '_version'> = {
    _id: concernId,
    townId,
    createdAt: now,
    updatedAt: now,
    kind: input.kind,
    topic: input.topic,
    text: input.text,
    photos: input.photos,
    place: input.place,
    emergency: input.emergency,
    reporterId: filing.value.reporterId,
    confidential: input.confidential,
    onBehalfOf: filing.value.onBehalfOf,
    channel: filing.value.channel,
    status: 'submitted',
    assigneeId: null,
    dueAt: due.dueAt,
    dueRule: due.rule,
    escalationLevel: 0,
    extensions: [],
    reopenCount: 0,
    links: {},
    followerIds: [],
  };
  const submitEvent: AuditEventDraft = {
    townId,
    subjectType: 'concern',
    subjectId: concernId,
    actorId: account._id,
    actorRole: filing.value.filerRole,
    action: 'submit',
    from: null,
    to: 'submitted',
    at: now,
    visibleToReporter: true,
  };
  const dateText = dueDateText(due.dueAt) ?? '';
  const handler = assigneeWords(assignee);
  const assigned = concernIntents.assign(submitted, system, {
    now: instantAfter(now),
    note: `已交给 ${handler} 办理，预计 ${dateText} 前办结`,
  });
  // The system may always assign a freshly submitted concern; anything else is a bug.
  if (!assigned.ok) throw new Error(`assign refused: ${assigned.error.message}`);

  const stored: ConcernDoc = {
    ...submitted,
    status: assigned.value.status,
    assigneeId: primary.assigneeId,
    _version: 1,
  };
  const unassignedEvents: AuditEventDraft[] = unassigned.map((u) => ({
    townId,
    subjectType: 'concern',
    subjectId: concernId,
    actorId: system.accountId,
    actorRole: 'system',
    action: 'route_unassigned',
    from: assigned.value.status,
    to: assigned.value.status,
    at: instantAfter(now, 2),
    note: u.detail,
    visibleToReporter: false,
  }));
  for (const u of unassigned) ctx.log.warn({ townId, concernId, rule: u.ruleId }, u.detail);
  const events = [submitEvent, assigned.value.event, ...unassignedEvents];

  return call.transact(townId, async (tx) => {
    const { _version: _drop, ...body } = stored;
    const inserted = await concernWriter.insert(tx, body);
    if (!inserted.ok) return inserted;
    const attached = await attachPhotos(ctx, tx, account._id, input.photos, {
      type: 'concern',
      id: concernId,
    });
    if (!attached.ok) return attached;
    for (const event of events) {
      const appended = await appendEvent(ctx, tx, event);
      if (!appended.ok) return appended;
    }
    for (const a of [primary, ...secondary]) {
      const task = await createTask(ctx, tx, {
        townId,
        kind: a.taskKind,
        subject: { type: 'concern', id: concernId },
        assigneeId: a.assigneeId,
        dueAt: due.dueAt,
        reason: taskReasonOf(a),
        ...taskPush(a, stored, placeName),
      });
      if (!task.ok) return task;
    }
    const told = await notify(ctx, tx, {
      townId,
      recipientId: stored.reporterId,
      template: 'concern.received',
      title: '已收到您反映的问题',
      body: `已收到您反映的问题，已交给 ${handler} 办理，预计 ${dateText} 前办结`,
      link: { type: 'concern', id: concernId },
    });
    if (!told.ok) return told;
    // The reply is kept for retries (idempotency) far longer than a link lives: it carries
    // no photo links; the concern's own read (`get`) does.
    return ok(toVillagerView(stored, { placeName, assignee, events, links: new Map() }));
  });
}
