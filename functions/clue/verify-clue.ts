/**
 * `verify`: the grid worker's on-the-spot report (现场核实) — findings, photos, whether it was
 * as described. Only the assignee of an open 核实 task on the clue may report. Asked for
 * during review (`verifying`), the report sends the clue back to review; made before anyone
 * asked (the task routing gave at submission), it is kept on the clue and the status stays.
 * Either way the task is done, the liaison is told, and so is a named reporter.
 */
import { clueIntents, clueMachine } from '../../shared/clue/clue.machine';
import type { Clue, VerifyClueInput } from '../../shared/clue/clue.schema';
import type { ClueStatus } from '../../shared/clue/clue.status';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { stateLabel } from '../../shared/machine/machine';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import { attachPhotos, checkOwnPhotos } from '../runtime/photos';
import { loadClueInTown, loadClueTasks } from './clue.records';
import { notifyReporter } from './clue.steps';
import { stepTask } from '../runtime/tasks';
import { clueWriter } from './clue.collections';

export interface VerifyClueReply {
  readonly clueId: string;
  readonly status: ClueStatus;
  readonly statusLabel: string;
  readonly taskId: string;
}

/** Records the grid worker's report (see the module comment). */
export async function verifyClue(
  ctx: AppContext,
  call: ActionCall<VerifyClueInput>,
): Promise<Result<VerifyClueReply>> {
  const { input } = call;
  const { actor } = signedIn(call);
  const loaded = await loadClueInTown(ctx, input.clueId, actor.townId);
  if (!loaded.ok) return loaded;
  const clue = loaded.value;

  const tasks = await loadClueTasks(ctx, clue._id);
  const task = tasks.find(
    (t) => t.kind === 'verify_clue' && t.assigneeId === actor.accountId && isPending(t),
  );
  if (task === undefined) {
    return err(
      appError('FORBIDDEN', '您没有核实这条线索的任务，不能提交核实结果', {
        reason: 'not_assignee',
      }),
    );
  }

  const photos = await checkOwnPhotos(ctx, actor.accountId, input.photos);
  if (!photos.ok) return photos;

  const now = ctx.clock.nowIso();
  const context = { now, note: input.findings };
  // Asked for during review → back to review; otherwise an early report, status unchanged.
  const asked = clueIntents.reportVerification(clue, actor, context);
  const moved = asked.ok ? asked : clueIntents.recordVerification(clue, actor, context);
  if (!moved.ok) return moved;
  const status = moved.value.status;

  const verification: Clue['verification'] = {
    by: actor.accountId,
    findings: input.findings,
    photos: input.photos,
    foundAsDescribed: input.foundAsDescribed,
    at: now,
  };
  const reply: VerifyClueReply = {
    clueId: clue._id,
    status,
    statusLabel: stateLabel(clueMachine, status),
    taskId: task._id,
  };
  return call.transact(clue.townId, async (tx) => {
    const updated = await clueWriter.update(
      tx,
      clue._id,
      { status, updatedAt: now, verification, verifierId: actor.accountId },
      { ifVersion: clue._version },
    );
    if (!updated.ok) return updated;
    const attached = await attachPhotos(ctx, tx, actor.accountId, input.photos, {
      type: 'clue',
      id: clue._id,
    });
    if (!attached.ok) return attached;
    const steps: Result<unknown>[] = [
      await appendEvent(ctx, tx, moved.value.event),
      await stepTask(ctx, tx, task, 'complete', actor, now, { doneAt: now }),
      await notifyReporter(ctx, tx, clue, '网格员已经到现场核实了您反映的情况，检察官会继续审查。'),
    ];
    if (clue.liaisonId !== undefined) {
      steps.push(
        await notify(ctx, tx, {
          townId: clue.townId,
          recipientId: clue.liaisonId,
          template: 'clue.verified',
          title: '网格员已提交线索核实结果',
          body: `${clue.place.text}：${input.findings.slice(0, 60)}`,
          link: { type: 'clue', id: clue._id },
        }),
      );
    }
    const failed = firstError(steps);
    return failed === null ? ok(reply) : err(failed);
  });
}
