/**
 * The `admin` cloud function (管理员): the roster import (`importGrid`), staff accounts
 * (`upsertStaff`, `issueInvitation`), mediation rooms (`upsertRoom`, also the centre), the
 * town's rule sets (`setRules`; the centre may tune the keyword model only), its holiday
 * table (`holidayCalendar`, also the centre; `importHolidays`, `previewHolidays`,
 * `saveHolidays`), and the console's reads: `listStaff`, `listRooms`, `listInvitations`
 * (+ `revokeInvitation`), `getRules`, and the audit reader `listAudit` (admin and centre;
 * itself audited).
 */
import {
  issueInvitationInputSchema,
  upsertStaffInputSchema,
} from '../../shared/account/account.schema';
import { upsertRoomInputSchema } from '../../shared/mediation/mediation.schema';
import {
  importHolidaysInputSchema,
  previewHolidaysInputSchema,
  saveHolidaysInputSchema,
  setRulesInputSchema,
} from '../../shared/validation/admin.schema';
import { emptyInputSchema } from '../../shared/validation/primitives';
import type { ActionCall } from '../runtime/action';
import { defineAction, defineFunction, signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { ImportGridRequest } from './import-roster';
import { importGridRequestSchema, importRoster } from './import-roster';
import { setRules } from './set-rules';
import { holidayCalendar, importHolidays, previewHolidays, saveHolidays } from './manage-holidays';
import { issueInvitation, upsertStaff } from '../account/account.api';
import { upsertRoom } from '../mediation/mediation.api';
import {
  getRulesInputSchema,
  listAuditInputSchema,
  listInvitationsInputSchema,
  listRoomsInputSchema,
  listStaffInputSchema,
  revokeInvitationInputSchema,
} from '../../shared/validation/admin-reads.schema';
import { revokeInvitation } from '../account/account.api';
import { getRules } from './get-rules';
import { listAudit } from './list-audit';
import { listInvitations } from './list-invitations';
import { listRooms } from './list-rooms';
import { listStaff } from './list-staff';

/** `importGrid`: the admin's own town, audited as the admin. */
function importGrid(ctx: AppContext, call: ActionCall<ImportGridRequest>) {
  const { account, actor } = signedIn(call);
  return importRoster(ctx, { townId: account.townId, actor }, call.input);
}

export const adminFunction = defineFunction('admin', {
  importGrid: defineAction({ input: importGridRequestSchema, access: ['admin'], run: importGrid }),
  upsertStaff: defineAction({ input: upsertStaffInputSchema, access: ['admin'], run: upsertStaff }),
  issueInvitation: defineAction({
    input: issueInvitationInputSchema,
    access: ['admin'],
    idempotent: true,
    run: issueInvitation,
  }),
  upsertRoom: defineAction({
    input: upsertRoomInputSchema,
    access: ['admin', 'center_operator'],
    run: upsertRoom,
  }),
  setRules: defineAction({
    input: setRulesInputSchema,
    access: ['admin', 'center_operator'],
    run: setRules,
  }),
  holidayCalendar: defineAction({
    input: emptyInputSchema,
    access: ['admin', 'center_operator'],
    run: holidayCalendar,
  }),
  importHolidays: defineAction({
    input: importHolidaysInputSchema,
    access: ['admin'],
    run: importHolidays,
  }),
  previewHolidays: defineAction({
    input: previewHolidaysInputSchema,
    access: ['admin'],
    run: previewHolidays,
  }),
  saveHolidays: defineAction({
    input: saveHolidaysInputSchema,
    access: ['admin'],
    idempotent: true,
    run: saveHolidays,
  }),
  listStaff: defineAction({ input: listStaffInputSchema, access: ['admin'], run: listStaff }),
  listRooms: defineAction({
    input: listRoomsInputSchema,
    access: ['admin', 'center_operator'],
    run: listRooms,
  }),
  listInvitations: defineAction({
    input: listInvitationsInputSchema,
    access: ['admin'],
    run: listInvitations,
  }),
  revokeInvitation: defineAction({
    input: revokeInvitationInputSchema,
    access: ['admin'],
    idempotent: true,
    run: revokeInvitation,
  }),
  getRules: defineAction({
    input: getRulesInputSchema,
    access: ['admin', 'center_operator'],
    run: getRules,
  }),
  listAudit: defineAction({
    input: listAuditInputSchema,
    access: ['admin', 'center_operator'],
    run: listAudit,
  }),
});
