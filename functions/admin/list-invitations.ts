/**
 * `admin.listInvitations`: the invitation codes (邀请码) the town issued, newest first, each
 * with where it stands (待绑定, 已绑定 by whom and when, 已过期, 已作废). Codes are not shown.
 */
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ListInvitationsInput } from '../../shared/validation/admin-reads.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { filteredPage } from '../runtime/paging';
import { STAFF_INVITATIONS } from '../store/collections';
import { namesOfNodes, namesOfPeople } from './admin.records';
import type { InvitationListItem } from './admin.views';
import { invitationListItem, invitationState } from './admin.views';

export interface InvitationPage {
  readonly items: readonly InvitationListItem[];
  readonly nextCursor: string | null;
}

export async function listInvitations(
  ctx: AppContext,
  call: ActionCall<ListInvitationsInput>,
): Promise<Result<InvitationPage>> {
  const { account: admin } = signedIn(call);
  const { state, cursor, limit } = call.input;
  const now = ctx.clock.nowIso();
  const page = await filteredPage(
    ctx,
    STAFF_INVITATIONS,
    {
      where: { townId: admin.townId },
      orderBy: { path: 'createdAt', order: 'desc' },
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
    (inv) => state === undefined || invitationState(inv, now) === state,
  );
  if (!page.ok) return page;
  const docs = page.value.docs;
  const people = await namesOfPeople(
    ctx,
    admin.townId,
    docs.flatMap((d) => [d.issuedBy, ...(d.usedBy === undefined ? [] : [d.usedBy])]),
  );
  const nodes = await namesOfNodes(
    ctx,
    admin.townId,
    docs.flatMap((d) => d.gridNodeIds),
  );
  return ok({
    items: docs.map((d) => invitationListItem(d, now, people, nodes)),
    nextCursor: page.value.nextCursor,
  });
}
