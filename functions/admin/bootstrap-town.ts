/**
 * Setting up a town (建镇): the one step that runs before any account exists. It loads the
 * town's roster (grid, staff, rooms — the same import and checks as the admin's `importGrid`,
 * done by the system), records the town, and issues the first administrator's invitation.
 * The administrator then registers in the mini-program (or on the local host) in a village of
 * the town and binds the code (我的 → 工作人员绑定). Used by `scripts/bootstrap-town.ts` on the
 * embedded store or on CloudBase; refused once the town exists.
 */
import { z } from 'zod';
import type { ImportSummary } from './import-roster';
import { importGridRequestSchema, importRoster } from './import-roster';
import type { InvitationIssuedView } from '../account/account.api';
import { createInvitation } from '../account/account.api';
import { issueInvitationInputSchema } from '../../shared/account/account.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { parseInput } from '../../shared/validation/parse';
import { personNameSchema, text, townIdSchema } from '../../shared/validation/primitives';
import type { AppContext } from '../runtime/context';
import { GRID_NODES, TOWNS } from '../store/collections';
import { townWriter } from './admin.collections';
import { runTransaction } from '../store/store.raw';
import type { TownRecord } from '../store/records/records';

export const bootstrapTownInputSchema = z.strictObject({
  townId: townIdSchema,
  townName: text(30, '镇名'),
  countyId: text(40, '所属县'),
  adminName: personNameSchema.meta({ label: '管理员姓名' }),
  /** How long the first administrator's code stays valid. */
  validDays: z.number().int().min(1).max(30).default(7),
});
export type BootstrapTownInput = z.input<typeof bootstrapTownInputSchema>;

export interface BootstrapOutcome {
  readonly imported: ImportSummary;
  readonly adminInvitation: InvitationIssuedView;
}

/** Sets the town up: roster, town record, first administrator's invitation. */
export async function bootstrapTown(
  ctx: AppContext,
  input: BootstrapTownInput,
  roster: { readonly gridNodes?: unknown; readonly staff?: unknown; readonly rooms?: unknown },
): Promise<Result<BootstrapOutcome>> {
  const parsed = parseInput(bootstrapTownInputSchema, input);
  if (!parsed.ok) return parsed;
  const request = parseInput(importGridRequestSchema, { ...roster, mode: 'apply' });
  if (!request.ok) return request;
  const { townId, townName, countyId, adminName, validDays } = parsed.value;
  if ((await TOWNS.get(ctx.store, townId)) !== null) {
    return err(appError('CONFLICT', `「${townName}」已经建好了，请由管理员在系统里维护名单`));
  }
  const imported = await importRoster(ctx, { townId, actor: systemActor(townId) }, request.value);
  if (!imported.ok) return imported;
  // The administrator covers the whole town: its town-level node.
  const townNode = await GRID_NODES.query(ctx.store, {
    where: { townId, level: 'town' },
    orderBy: { path: 'name', order: 'asc' },
    limit: 1,
  });
  const top = townNode.docs[0];
  if (top === undefined) {
    return err(
      appError('VALIDATION_FAILED', '名单里没有“镇”这一行，请在网格表里加上本镇（层级填“镇”）', {
        fields: [{ field: 'gridNodes', message: '名单里没有“镇”这一行' }],
      }),
    );
  }
  const invitationInput = parseInput(issueInvitationInputSchema, {
    roles: ['admin'],
    gridNodeIds: [top._id],
    name: adminName,
    validDays,
  });
  if (!invitationInput.ok) return invitationInput;
  const invitation = await createInvitation(
    ctx,
    { townId, issuedBy: 'system', role: 'system' },
    invitationInput.value,
    (fn) => runTransaction(ctx.store, fn),
  );
  if (!invitation.ok) return invitation;
  const town = await recordTown(ctx, { _id: townId, name: townName, countyId });
  if (!town.ok) return town;
  return ok({ imported: imported.value, adminInvitation: invitation.value });
}

/** Records a town (镇) of the deployment, once: CONFLICT when it exists. */
export function recordTown(
  ctx: AppContext,
  town: Omit<TownRecord, '_version'>,
): Promise<Result<TownRecord>> {
  return townWriter.insert(ctx.store, town);
}
