/**
 * Authorization matrix of the admin console's reads and `revokeInvitation` (docs/domain.md §1:
 * the admin maintains staff, invitations, rooms and rules; the centre keeps rooms and tunes the
 * keyword model, so it reads rooms and rules; the audit reader is the centre's and the admin's).
 * Town B's all-roles member reads town B's own lists (a role check scoped to its town) and
 * cannot touch town A's invitation. No case contents reach the admin through any of these; the
 * ledger export (`stats.exportConcerns`, case contents) is the centre's alone.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import type { InvitationIssuedView } from '../../functions/account/account.api';
import { statsFunction } from '../../functions/stats/stats.function';
import type { MatrixRow } from './authz.matrix';

const admin = adminFunction;

export const adminConsoleRows: MatrixRow[] = [
  {
    fn: admin,
    action: 'listStaff',
    about: 'list the mediators',
    build: async () => ({ role: 'mediator' }),
    allowed: ['admin', 'otherTown'],
  },
  {
    fn: admin,
    action: 'listRooms',
    about: 'list the rooms',
    build: async () => ({}),
    allowed: ['admin', 'centre', 'otherTown'],
  },
  {
    fn: admin,
    action: 'listInvitations',
    about: 'list the invitations',
    build: async () => ({}),
    allowed: ['admin', 'otherTown'],
  },
  {
    fn: admin,
    action: 'revokeInvitation',
    about: 'revoke an unused invitation of town A',
    build: async (w) => {
      const issued = await w.h.ok<InvitationIssuedView>(
        admin,
        'issueInvitation',
        { roles: ['grid_worker'], gridNodeIds: [w.town.villages[0]![1]!._id] },
        { as: w.town.people.admin },
      );
      return { invitationId: issued.invitationId, note: '人选有变' };
    },
    allowed: ['admin'],
  },
  {
    fn: admin,
    action: 'getRules',
    about: 'read every rule set',
    build: async () => ({}),
    allowed: ['admin', 'centre', 'otherTown'],
  },
  {
    fn: admin,
    action: 'listAudit',
    about: 'read the town’s audit trail',
    build: async () => ({}),
    allowed: ['admin', 'centre', 'otherTown'],
  },
  {
    fn: statsFunction,
    action: 'exportConcerns',
    about: 'export November’s concerns as the ledger (说事台账)',
    build: async () => ({ from: '2025-11-01', to: '2025-11-30' }),
    // The centre handles concerns; the admin sees no case contents, the county reads statistics.
    allowed: ['centre', 'otherTown'],
  },
];
