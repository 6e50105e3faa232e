/**
 * `review`: the prosecutor liaison (检察联络员) or prosecutor (检察官) takes a review step —
 * start the review, ask the reporter for more, ask the grid worker to verify on the spot
 * (核实), accept, not accept (with a reason) or transfer to an administrative body. Every step
 * goes through the clue machine, is told to a named reporter by push and shows on the
 * tracking page; the first one answers the 7-working-day procedural reply (件件有回复), a
 * decision answers the 3-month result deadline.
 */
import { CLUE_DOMAIN_LABELS } from '../../shared/clue/clue.catalog';
import { clueIntents, clueMachine, isDecided } from '../../shared/clue/clue.machine';
import type { Clue, ClueReviewAction, ReviewClueInput } from '../../shared/clue/clue.schema';
import type { ClueStatus } from '../../shared/clue/clue.status';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { stateLabel } from '../../shared/machine/machine';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import type { RoutingRule } from '../../shared/routing/routing.rules';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import { createTask, stepTask } from '../runtime/tasks';
import type { AppContext } from '../runtime/context';
import { loadRoutingDirectory } from '../runtime/directory';
import type { ClueDoc } from './clue.records';
import { loadClueInTown, loadClueTasks, verifyDue } from './clue.records';
import { loadRoutingRules } from '../runtime/town-rules';
import { notifyReporter } from './clue.steps';
import { taskReasonOf } from '../runtime/assignees';
import type { ReplyState } from './clue.views';
import { toStaffDeadlines, zhDate } from './clue.views';
import { clueWriter } from './clue.collections';
import { loadConcernToClose, resolveLinkedConcern } from '../concern/concern.api';

/** What the reviewer gets back: where the clue stands now. */
export interface ReviewClueReply {
  readonly clueId: string;
  readonly status: ClueStatus;
  readonly statusLabel: string;
  readonly deadlines: {
    readonly proceduralRepliedAt: string | null;
    readonly proceduralState: ReplyState;
    readonly resultState: ReplyState;
  };
  readonly verificationTaskFor: string | null;
}

/** What a named reporter's push says for each step, in plain words. */
function reporterMessage(input: ReviewClueInput): string {
  switch (input.action) {
    case 'startReview':
      return '检察官已经开始审查您反映的情况。';
    case 'requestMoreInfo':
      return `检察官请您补充：${input.note}。请打开查询进度页面，用查询码补充。`;
    case 'requestVerification':
      return '已经请网格员到现场核实您反映的情况。';
    case 'accept':
      return '您的线索已被受理，检察机关会依法办理。';
    case 'notAccept':
      return `检察机关决定不予受理，理由：${input.note}`;
    case 'transfer':
      return `您的线索已移送${input.transferredTo}处理。${input.note}`;
  }
}

/** The note the audit event keeps (and, for the reporter-facing steps, the reporter reads). */
function eventNote(input: ReviewClueInput): string | undefined {
  if (input.action === 'transfer') return `移送${input.transferredTo}：${input.note}`;
  return input.note;
}

/**
 * The rules that find the grid worker for a 核实 asked for during review: each clue rule's
 * verification assignment made its primary, so the resolver's ladder (place → ancestors →
 * centre) applies unchanged. Without any, the grid worker of the place.
 */
export function verificationRules(rules: readonly RoutingRule[]): RoutingRule[] {
  const out: RoutingRule[] = [];
  for (const rule of rules) {
    if (rule.when.subject !== 'clue') continue;
    const verify = [rule.assign, ...(rule.also ?? [])].find((a) => a.taskKind === 'verify_clue');
    if (verify === undefined) continue;
    const { also: _others, ...rest } = rule;
    out.push({ ...rest, assign: verify });
  }
  if (out.length > 0) return out;
  return [
    {
      id: 'clue.verify',
      name: '线索现场核实',
      when: { subject: 'clue' },
      assign: { role: 'grid_worker', taskKind: 'verify_clue', scope: 'place' },
      priority: 0,
    },
  ];
}

async function routeVerification(ctx: AppContext, clue: ClueDoc): Promise<Result<Assignment>> {
  const rules = await loadRoutingRules(ctx, clue.townId);
  const directory = await loadRoutingDirectory(ctx, clue.townId, {
    gridNodeId: clue.place.gridNodeId,
    rules,
  });
  const decision = route(
    {
      subject: 'clue',
      townId: clue.townId,
      gridNodeId: clue.place.gridNodeId,
      clueDomain: clue.domain,
    },
    directory,
    verificationRules(rules),
  );
  return decision.ok ? ok(decision.value.primary) : decision;
}

/** Takes one review step (see the module comment). */
export async function reviewClue(
  ctx: AppContext,
  call: ActionCall<ReviewClueInput>,
): Promise<Result<ReviewClueReply>> {
  const { input } = call;
  const { actor } = signedIn(call);
  const loaded = await loadClueInTown(ctx, input.clueId, actor.townId);
  if (!loaded.ok) return loaded;
  const clue = loaded.value;

  const now = ctx.clock.nowIso();
  const calendar = await ctx.calendars.forTown(clue.townId);
  const note = eventNote(input);
  const action: ClueReviewAction = input.action;
  const moved = clueIntents[action](clue, actor, { now, ...(note === undefined ? {} : { note }) });
  if (!moved.ok) return moved;
  const status = moved.value.status;
  const decided = isDecided(status);

  const tasks = await loadClueTasks(ctx, clue._id);
  let verifier: Assignment | undefined;
  if (input.action === 'requestVerification') {
    const found = await routeVerification(ctx, clue);
    if (!found.ok) return found;
    verifier = found.value;
  }
  // A grid worker still holding the 核实 task from routing keeps it instead of a second one.
  const verifierHasTask =
    verifier !== undefined &&
    tasks.some(
      (t) => t.kind === 'verify_clue' && t.assigneeId === verifier.assigneeId && isPending(t),
    );

  const deadlines: Clue['deadlines'] = {
    ...clue.deadlines,
    proceduralRepliedAt: clue.deadlines.proceduralRepliedAt ?? now,
    ...(decided ? { resultRepliedAt: now } : {}),
  };
  const patch: Partial<Clue> = {
    status,
    updatedAt: now,
    deadlines,
    ...(verifier === undefined ? {} : { verifierId: verifier.assigneeId }),
    ...(decided
      ? {
          prosecutorId: actor.accountId,
          decision: {
            result: status as 'accepted' | 'not_accepted' | 'transferred',
            ...(input.action === 'accept' || input.note === undefined
              ? {}
              : { reason: input.note }),
            ...(input.action === 'transfer' ? { transferredTo: input.transferredTo } : {}),
            at: now,
            by: actor.accountId,
          },
        }
      : {}),
  };

  const after = { ...clue, ...patch, deadlines } as ClueDoc;
  const shown = toStaffDeadlines(after, now, calendar);
  const reply: ReviewClueReply = {
    clueId: clue._id,
    status,
    statusLabel: stateLabel(clueMachine, status),
    deadlines: {
      proceduralRepliedAt: shown.proceduralRepliedAt,
      proceduralState: shown.proceduralState,
      resultState: shown.resultState,
    },
    verificationTaskFor: verifier?.assigneeId ?? null,
  };

  const system = systemActor(clue.townId);
  // A clue a concern became closes that concern once decided (一口受理、多路分流, 闭环).
  const fromConcern = decided ? await loadConcernToClose(ctx, clue.townId, clue.concernId) : null;
  return call.transact(clue.townId, async (tx) => {
    const updated = await clueWriter.update(tx, clue._id, patch, { ifVersion: clue._version });
    if (!updated.ok) return updated;
    const steps: Result<unknown>[] = [await appendEvent(ctx, tx, moved.value.event)];
    if (verifier !== undefined && !verifierHasTask) {
      const { dueAt, rule } = verifyDue(calendar, now);
      steps.push(
        await createTask(ctx, tx, {
          townId: clue.townId,
          kind: 'verify_clue',
          subject: { type: 'clue', id: clue._id },
          assigneeId: verifier.assigneeId,
          dueAt,
          dueRule: rule,
          reason: taskReasonOf(verifier),
          title: '请到现场核实一条公益诉讼线索',
          body:
            `${CLUE_DOMAIN_LABELS[clue.domain]}｜${clue.place.text}。` +
            (input.note === undefined ? '' : `核实要点：${input.note}。`) +
            `请在${zhDate(dueAt)}前提交核实情况。`,
        }),
      );
    }
    if (decided) {
      // The answer is given: review tasks are done, verification no longer needed.
      for (const task of tasks.filter(isPending)) {
        steps.push(
          task.kind === 'verify_clue'
            ? await stepTask(ctx, tx, task, 'cancel', system, now, {
                cancelledReason: '检察机关已作出决定，无需再核实',
              })
            : await stepTask(ctx, tx, task, 'complete', system, now, { doneAt: now }),
        );
      }
    }
    steps.push(await notifyReporter(ctx, tx, clue, reporterMessage(input)));
    steps.push(
      await resolveLinkedConcern(
        ctx,
        tx,
        fromConcern,
        { clueId: clue._id },
        `检察机关已作出决定：${stateLabel(clueMachine, status)}。凭查询码可查看答复。`,
      ),
    );
    const failed = firstError(steps);
    return failed === null ? ok(reply) : err(failed);
  });
}
