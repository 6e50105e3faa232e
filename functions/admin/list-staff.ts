/**
 * `admin.listStaff`: the town's staff (工作人员), oldest account first, optionally of one
 * role, searched by part of a name or at least three digits of a phone. Phones are masked.
 */
import type { Account } from '../../shared/account/account.schema';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ListStaffInput } from '../../shared/validation/admin-reads.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { filteredPage } from '../runtime/paging';
import { ACCOUNTS } from '../store/collections';
import { namesOfNodes } from './admin.records';
import type { StaffListItem } from './admin.views';
import { staffListItem } from './admin.views';

export interface StaffPage {
  readonly items: readonly StaffListItem[];
  readonly nextCursor: string | null;
}

/** Whether `account` matches a search: a name part, or 3+ digits of the phone. */
export function matchesSearch(account: Account, search: string | undefined): boolean {
  if (search === undefined || search === '') return true;
  if (account.name.includes(search)) return true;
  return /^\d{3,}$/.test(search) && (account.phone ?? '').includes(search);
}

export async function listStaff(
  ctx: AppContext,
  call: ActionCall<ListStaffInput>,
): Promise<Result<StaffPage>> {
  const { account: admin } = signedIn(call);
  const { role, search, cursor, limit } = call.input;
  const page = await filteredPage(
    ctx,
    ACCOUNTS,
    {
      where: { townId: admin.townId, isStaff: true },
      orderBy: { path: 'createdAt', order: 'asc' },
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
    (a) => (role === undefined || a.roles.includes(role)) && matchesSearch(a, search),
  );
  if (!page.ok) return page;
  const nodes = await namesOfNodes(
    ctx,
    admin.townId,
    page.value.docs.flatMap((a) => a.gridNodeIds),
  );
  return ok({
    items: page.value.docs.map((a) => staffListItem(a, nodes)),
    nextCursor: page.value.nextCursor,
  });
}
