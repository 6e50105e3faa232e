/**
 * `admin.revokeInvitation`: an admin withdraws an invitation code (邀请码) nobody has bound
 * yet — handed to the wrong person, or the post went to someone else. A revoked code binds
 * no account (`checkInvitation` refuses it); a used one is history and stays as it is.
 */
import type { RevokeInvitationInput } from '../../shared/validation/admin-reads.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { STAFF_INVITATIONS } from '../store/collections';
import { invitationWriter } from './account.collections';

export interface InvitationRevokedView {
  readonly invitationId: string;
  readonly revoked: true;
}

export async function revokeInvitation(
  ctx: AppContext,
  call: ActionCall<RevokeInvitationInput>,
): Promise<Result<InvitationRevokedView>> {
  const { account: admin } = signedIn(call);
  const { invitationId, note } = call.input;
  const invitation = await STAFF_INVITATIONS.get(ctx.store, invitationId);
  if (invitation === null || invitation.townId !== admin.townId) {
    return err(appError('NOT_FOUND', '没有找到这个邀请码'));
  }
  if (invitation.usedBy !== undefined) {
    return err(
      appError('CONFLICT', '这个邀请码已经有人绑定了，不能作废；要停用那个人，请在人员名单里停用', {
        reason: 'used',
      }),
    );
  }
  if (invitation.revoked) return ok({ invitationId, revoked: true });
  const now = ctx.clock.nowIso();
  return call.transact(admin.townId, async (tx) => {
    const changed = await invitationWriter.update(
      tx,
      invitationId,
      { revoked: true, updatedAt: now },
      { ifVersion: invitation._version },
    );
    if (!changed.ok) {
      return err(appError('CONFLICT', '这个邀请码刚刚有了变化，请刷新后再试', { reason: 'stale' }));
    }
    const event = await appendEvent(ctx, tx, {
      townId: admin.townId,
      subjectType: 'account',
      subjectId: invitationId,
      actorId: admin._id,
      actorRole: 'admin',
      action: 'revoke_invitation',
      from: 'issued',
      to: 'revoked',
      at: now,
      note: `作废邀请码：${note}`,
      visibleToReporter: false,
    });
    return event.ok ? ok({ invitationId, revoked: true as const }) : event;
  });
}
