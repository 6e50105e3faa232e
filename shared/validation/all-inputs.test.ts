/**
 * Properties every schema of this layer must keep: no input whatever makes parseInput
 * throw, a failure always names a field in Chinese, and every stored entity carries the
 * store's fields and its town.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import * as account from '../account/account.schema';
import * as clue from '../clue/clue.schema';
import * as concern from '../concern/concern.schema';
import * as grid from '../grid/grid.schema';
import * as learning from '../learning/learning.schema';
import * as mediation from '../mediation/mediation.schema';
import * as task from '../task/task.schema';
import * as admin from './admin.schema';
import { parseInput } from './parse';

const INPUTS: Record<string, z.ZodType> = {
  'account.me': account.meInputSchema,
  'account.register': account.registerInputSchema,
  'account.bindStaff': account.bindStaffInputSchema,
  'account.proxyRegister': account.proxyRegisterInputSchema,
  'concern.submit': concern.submitConcernInputSchema,
  'concern.listMine': concern.listMyConcernsInputSchema,
  'concern.get': concern.getConcernInputSchema,
  'concern.similarOpen': concern.similarOpenInputSchema,
  'concern.listAssigned': concern.listAssignedConcernsInputSchema,
  'concern.resolve': concern.resolveConcernInputSchema,
  'concern.transfer': concern.transferConcernInputSchema,
  'concern.reject': concern.rejectConcernInputSchema,
  'concern.requestExtension': concern.requestExtensionInputSchema,
  'concern.rate': concern.rateConcernInputSchema,
  'concern.supervise': concern.superviseConcernInputSchema,
  'mediation.suggestRooms': mediation.suggestRoomsInputSchema,
  'mediation.listSlots': mediation.listSlotsInputSchema,
  'mediation.book': mediation.bookInputSchema,
  'mediation.reschedule': mediation.rescheduleInputSchema,
  'mediation.cancel': mediation.cancelBookingInputSchema,
  'mediation.listMine': mediation.listMyBookingsInputSchema,
  'mediation.listForRoom': mediation.listForRoomInputSchema,
  'mediation.recordConsent': mediation.recordConsentInputSchema,
  'mediation.recordOutcome': mediation.recordOutcomeInputSchema,
  'mediation.requestConfirmation': mediation.requestConfirmationInputSchema,
  'learning.listArticles': learning.listArticlesInputSchema,
  'learning.getArticle': learning.getArticleInputSchema,
  'learning.markRead': learning.markReadInputSchema,
  'learning.myProgress': learning.myProgressInputSchema,
  'learning.householdStatus': learning.householdStatusInputSchema,
  'learning.listLectures': learning.listLecturesInputSchema,
  'learning.signUpLecture': learning.signUpLectureInputSchema,
  'learning.publishArticle': learning.publishArticleInputSchema,
  'learning.cancelSignUp': learning.cancelSignUpInputSchema,
  'learning.coverage': learning.coverageInputSchema,
  'clue.submit': clue.submitClueInputSchema,
  'clue.track': clue.trackClueInputSchema,
  'clue.supplement': clue.supplementClueInputSchema,
  'clue.listMine': clue.listMyCluesInputSchema,
  'clue.listForReview': clue.listCluesForReviewInputSchema,
  'clue.get': clue.getClueInputSchema,
  'clue.review': clue.reviewClueInputSchema,
  'clue.verify': clue.verifyClueInputSchema,
  'task.inbox': task.inboxInputSchema,
  'task.acknowledge': task.acknowledgeTaskInputSchema,
  'task.complete': task.completeTaskInputSchema,
  'admin.importGrid': admin.importGridInputSchema,
  'admin.upsertStaff': account.upsertStaffInputSchema,
  'admin.issueInvitation': account.issueInvitationInputSchema,
  'admin.upsertRoom': mediation.upsertRoomInputSchema,
  'admin.setRules': admin.setRulesInputSchema,
  'stats.overview': admin.statsOverviewInputSchema,
};

const ENTITIES: Record<string, z.ZodObject> = {
  gridNode: grid.gridNodeSchema,
  account: account.accountSchema,
  invitation: account.invitationSchema,
  concern: concern.concernSchema,
  room: mediation.roomSchema,
  booking: mediation.bookingSchema,
  article: learning.articleSchema,
  lecture: learning.lectureSchema,
  lectureSignUp: learning.lectureSignUpSchema,
  readingProgress: learning.readingProgressSchema,
  household: learning.householdStatusSchema,
  clue: clue.clueSchema,
  task: task.taskSchema,
};

const ALL = { ...INPUTS, ...ENTITIES };
const names = Object.keys(ALL);

/** The keys an object schema knows, so generated data hits real fields. */
function keysOf(schema: z.ZodType): string[] {
  const def = schema._zod.def as { shape?: Record<string, unknown>; options?: z.ZodType[] };
  if (def.shape) return Object.keys(def.shape);
  if (def.options) return [...new Set(def.options.flatMap(keysOf))];
  return [];
}

function expectSafe(name: string, data: unknown): void {
  const result = parseInput(ALL[name] as z.ZodType, data);
  if (!result.ok) {
    expect(result.error.code).toBe('VALIDATION_FAILED');
    const fields = result.error.details?.fields ?? [];
    expect(fields.length).toBeGreaterThanOrEqual(1);
    expect(result.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(result.error.message).toBe(fields[0]?.message);
  }
}

describe('every input and entity schema', () => {
  test('parseInput never throws on arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.anything({ withNullPrototype: true, withBoxedValues: true }),
        (name, data) => expectSafe(name, data),
      ),
      { numRuns: 2000 },
    );
  });

  test('parseInput never throws on objects with the real keys and arbitrary values', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...names)
          .chain((name) =>
            fc.tuple(
              fc.constant(name),
              fc.dictionary(
                fc.constantFrom(...keysOf(ALL[name] as z.ZodType), 'extra'),
                fc.anything(),
              ),
            ),
          ),
        ([name, data]) => expectSafe(name, data),
      ),
      { numRuns: 2000 },
    );
  });

  test('every entity carries _id, _version, townId, createdAt and updatedAt', () => {
    for (const [name, schema] of Object.entries(ENTITIES)) {
      for (const key of ['_id', '_version', 'townId', 'createdAt', 'updatedAt']) {
        expect([name, Object.keys(schema.shape).includes(key)]).toEqual([name, true]);
      }
    }
  });

  test('no action input lets a client set its town or the store fields', () => {
    for (const [name, schema] of Object.entries(INPUTS)) {
      if (name === 'stats.overview') continue; // a county officer may name a town to read
      // Anyone may read a town's public 普法 articles and lectures: the reader names the town.
      if (name === 'learning.listArticles' || name === 'learning.listLectures') continue;
      for (const key of ['townId', '_id', '_version', 'createdAt', 'updatedAt']) {
        expect([name, keysOf(schema).includes(key)]).toEqual([name, false]);
      }
    }
  });
});
