/** Who may call the admin console's reads and `revokeInvitation` (rows in admin-console.rows.ts). */
import { adminConsoleRows } from './admin-console.rows';
import { describeMatrix } from './authz.matrix';

describeMatrix('who may call each admin console action', adminConsoleRows);
