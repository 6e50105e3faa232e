/**
 * Audit events (审计记录). Every state change appends one: who, in which role, did what,
 * from which state to which, when, with an optional note. The villager's timeline is a
 * filtered view of these. Reads of protected data and pushes sent are logged the same way.
 */
import { z } from 'zod';
import { ROLES } from './roles';

export const SUBJECT_TYPES = [
  'concern',
  'booking',
  'clue',
  'task',
  'account',
  'room',
  'article',
  'lecture',
  'grid',
  'rules',
  'push',
  /** The audit trail itself: a read of it by the audit reader (`admin.listAudit`). */
  'audit',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const auditEventSchema = z.object({
  _id: z.string().min(1),
  townId: z.string().min(1),
  subjectType: z.enum(SUBJECT_TYPES),
  subjectId: z.string().min(1),
  actorId: z.string().min(1),
  actorRole: z.enum(ROLES),
  action: z.string().min(1),
  from: z.string().nullable(),
  to: z.string().nullable(),
  at: z.string().datetime({ offset: true }),
  note: z.string().max(2000).optional(),
  /** Whether the reporter / villager sees this step in their own timeline. */
  visibleToReporter: z.boolean(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;

/** An audit event before the store gives it an id. */
export type AuditEventDraft = Omit<AuditEvent, '_id'>;
