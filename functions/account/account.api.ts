/**
 * The account concept's (账号) public face: what other folders may call. Accounts, their
 * login keys and staff invitations are written only here.
 */
export {
  accountByPhone,
  checkedAccount,
  phoneIsAdmins,
  phoneKeyId,
  phoneTaken,
} from './account.records';
export { insertAccount, villagerRecord } from './account.records';
export type { AccountKey } from './account.records';
export { insertAccountRecord, putPhoneKey, updateAccountRecord } from './account.steps';
/** For the admin function: staff kept by hand, invitations. */
export { createInvitation, issueInvitation, upsertStaff } from './manage-staff';
export type { InvitationIssuedView } from './manage-staff';
/** For the admin console's `revokeInvitation`. */
export { revokeInvitation } from './revoke-invitation';
export type { InvitationRevokedView } from './revoke-invitation';
