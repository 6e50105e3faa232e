/**
 * Links between records in the authorization matrix (docs/domain.md §2: links are
 * authorization too): who may name which record in an input. Each row names a record of
 * someone else — the villager's concern, the villager as the one a worker files for, the
 * villager's photo, the admin's article — and the allowed set is exactly who may link it.
 * Refusals of a named id come as NOT_FOUND/FORBIDDEN, or VALIDATION_FAILED on that field.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import { learningFunction } from '../../functions/learning/learning.function';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import { storedPhoto } from '../support/photos';
import type { MatrixRow } from './authz.matrix';
import { bookInput, concernOf, WED_9 } from './authz.subjects';

const staffFiling = (caller: string) => !['villager', 'neighbour'].includes(caller);

export const linkRows: MatrixRow[] = [
  {
    fn: mediationFunction,
    action: 'book',
    about: 'a booking naming the villager’s concern (concernId)',
    build: async (w) => ({
      ...bookInput(w.rooms.oldSecretary._id, WED_9),
      concernId: await concernOf(w),
    }),
    // Its reporter, and its assignee (张网格) booking for them; a neighbour or the other
    // community's worker would close someone else's concern with their booking's outcome.
    allowed: ['villager', 'sameGrid'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: mediationFunction,
    action: 'book',
    about: 'a 代办 booking naming the villager by phone (applicant.phone)',
    build: async (w) => ({
      ...bookInput(w.rooms.oldSecretary._id, WED_9),
      applicant: { name: '王秀兰', phone: w.town.people.villager.phone! },
    }),
    // A villager books for themselves whatever phone they type; a worker only for a
    // villager of their own grid.
    allowed: ['villager', 'neighbour', 'sameGrid'],
  },
  {
    fn: concernFunction,
    action: 'submit',
    about: 'a 代办 concern naming the villager’s account (onBehalfOf.villagerAccountId)',
    build: async (w) => ({
      kind: 'help',
      topic: 'other',
      text: '村口的井盖丢了，晚上很危险',
      place: { gridNodeId: w.town.villages[0]![0]!._id },
      onBehalfOf: { villagerName: '王秀兰', villagerAccountId: w.town.people.villager._id },
    }),
    // The village's worker and the centre (town-wide); a villager never files as staff.
    allowed: ['sameGrid', 'centre'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: concernFunction,
    action: 'submit',
    about: 'a concern naming the villager’s photo (photos.0)',
    build: async (w, caller) => ({
      kind: 'help',
      topic: 'other',
      text: '村口的井盖丢了，晚上很危险',
      place: { gridNodeId: w.town.villages[0]![0]!._id },
      photos: [await storedPhoto(w.h, w.town.people.villager)],
      ...(staffFiling(caller)
        ? { onBehalfOf: { villagerName: '王秀兰', villagerAccountId: w.town.people.villager._id } }
        : {}),
    }),
    // Only the uploader: staff filing for the villager cannot attach (and so read) it.
    allowed: ['villager'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: learningFunction,
    action: 'publishArticle',
    about: 'an edit naming the admin’s article (articleId)',
    build: async (w) => {
      const article = await w.h.ok<{ articleId: string }>(
        learningFunction,
        'publishArticle',
        {
          category: 'legal_knowledge',
          title: '宅基地上的那些事',
          body: '宅基地属于村集体所有，村民依法享有使用权。',
        },
        { as: w.town.people.admin },
      );
      return {
        articleId: article.articleId,
        category: 'legal_knowledge',
        title: '改过的标题',
        body: '宅基地属于村集体所有，村民依法享有使用权。',
      };
    },
    // The admin edits any article of the town; a legal adviser only their own.
    allowed: ['admin'],
  },
];
