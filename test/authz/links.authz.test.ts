/**
 * Who may name which record in an input (links between records), exactly: rows and their
 * reasons in links.rows.ts.
 */
import { describeMatrix } from './authz.matrix';
import { linkRows } from './links.rows';

describeMatrix('who may link to another’s record in an input', linkRows);
