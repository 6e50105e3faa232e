/**
 * The `admin` cloud function (管理员): the roster import (`importGrid`), staff accounts
 * (`upsertStaff`, `issueInvitation`), mediation rooms (`upsertRoom`, also the centre), the
 * town's rule sets (`setRules`; the centre may tune the keyword model only) and its holiday
 * table (`holidayCalendar`, also the centre; `importHolidays`, `previewHolidays`,
 * `saveHolidays`).
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
});
