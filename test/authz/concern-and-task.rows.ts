/**
 * Authorization matrix of the `concern` (说事) and `task` (任务) functions. The subject is
 * the villager's concern in 东关前村, assigned to that village's grid worker (sameGrid).
 * docs/domain.md §2: only the assignee or the centre handles a concern (the centre "sees everything,
 * dispatches, supervises"); grid workers read their grid's concerns; the reporter reads and
 * rates their own; nobody outside a town learns its records exist.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import { taskFunction } from '../../functions/task/task.function';
import type { MatrixRow } from './authz.matrix';
import { SIGNED_IN } from './authz.matrix';
import { concernOf, resolvedConcernOf, returnVisitTaskOf, taskOf } from './authz.subjects';

const concern = concernFunction;
const task = taskFunction;

/** The assignee and the centre: who handles a concern (docs/domain.md §1 centre, §2 concern). */
const HANDLERS = ['sameGrid', 'centre'] as const;

/** Every concern and task action. */
export const concernAndTaskRows: MatrixRow[] = [
  {
    fn: concern,
    action: 'submit',
    about: 'report a concern in 东关前村 (staff: 代办 for the villager)',
    build: async (w, caller) => ({
      kind: 'help',
      topic: 'other',
      text: '村口的井盖丢了，晚上很危险',
      place: { gridNodeId: w.town.villages[0]![0]!._id },
      // A villager files for themselves; staff must name the villager they file for (代办).
      ...(['villager', 'neighbour'].includes(caller)
        ? {}
        : {
            onBehalfOf: { villagerName: '王秀兰', villagerAccountId: w.town.people.villager._id },
          }),
    }),
    // docs/domain.md §1: villagers raise concerns; a grid worker files for a villager of their own
    // grid (代办) — the other community's worker may not; the centre takes hotline calls.
    allowed: ['villager', 'neighbour', 'sameGrid', 'centre'],
    // Town B's account names town A's village and villager: refused on those fields.
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: concern,
    action: 'listMine',
    about: 'list one’s own concerns',
    build: async () => ({}),
    allowed: SIGNED_IN,
  },
  {
    fn: concern,
    action: 'get',
    about: 'read the villager’s concern',
    build: async (w) => ({ concernId: await concernOf(w) }),
    // The reporter, the assignee, the centre, and the staff responsible for the place by
    // role (docs/domain.md §2 grid: grid worker, mediator, legal adviser of the node or above it):
    // the community's mediator and the adviser covering it. Neighbours, the other community,
    // departments not holding it, the procuratorate, the admin and the county get NOT_FOUND.
    allowed: ['villager', 'sameGrid', 'mediator', 'legalAdviser', 'centre'],
  },
  {
    fn: concern,
    action: 'suggest',
    about: 'suggest a kind and topic for the words typed so far',
    build: async () => ({ text: '村东头垃圾三天没人清运' }),
    // Anyone signed in may ask (it reads only the town's keyword model; nothing is stored).
    allowed: SIGNED_IN,
  },
  {
    fn: concern,
    action: 'evaluateKeywords',
    about: 'measure the keyword model on the town’s recent concerns',
    build: async (w) => {
      await concernOf(w);
      return {};
    },
    // The centre tunes the model, the admin keeps the rules; both see counts only, no texts.
    // Town B's admin measures town B's own model on town B's concerns (nothing of town A).
    allowed: ['centre', 'admin', 'otherTown'],
  },
  {
    fn: concern,
    action: 'similarOpen',
    about: 'similar open concerns near 东关前村',
    build: async (w) => {
      await concernOf(w);
      return { gridNodeId: w.town.villages[0]![0]!._id, topic: 'other' };
    },
    allowed: SIGNED_IN,
  },
  {
    fn: concern,
    action: 'join',
    about: 'join the villager’s concern (我也遇到了) from 东关前村',
    build: async (w) => ({
      concernId: await concernOf(w),
      near: { gridNodeId: w.town.villages[0]![0]!._id },
    }),
    // Villagers other than the reporter (the reporter is refused with CONFLICT: it is their
    // own); staff do not join; town B's villager does not find town A's concern (NOT_FOUND).
    allowed: ['neighbour'],
    refusedAs: ['CONFLICT'],
  },
  {
    fn: concern,
    action: 'leave',
    about: 'stop following the villager’s concern',
    build: async (w) => {
      const concernId = await concernOf(w);
      await w.h.ok(
        concern,
        'join',
        { concernId, near: { gridNodeId: w.town.villages[0]![0]!._id } },
        { as: w.town.people.neighbour },
      );
      return { concernId };
    },
    // Only someone who joined: the neighbour; another villager is refused (CONFLICT, not
    // following).
    allowed: ['neighbour'],
    refusedAs: ['CONFLICT'],
  },
  {
    fn: concern,
    action: 'listFollowed',
    about: 'list the concerns one joined (我关注的)',
    build: async () => ({}),
    allowed: SIGNED_IN,
  },
  {
    fn: concern,
    action: 'listAssigned',
    about: 'list the concerns one handles',
    build: async (w) => {
      await concernOf(w);
      return {};
    },
    // Role check only (each sees what is assigned to them, scoped to their town); town B's
    // all-roles account gets its own town’s (empty) list (another-town-learns-nothing.test.ts).
    allowed: [
      'sameGrid',
      'otherGrid',
      'mediator',
      'legalAdviser',
      'landOfficer',
      'liaison',
      'centre',
      'otherTown',
    ],
  },
  {
    fn: concern,
    action: 'accept',
    about: 'accept the assigned concern',
    build: async (w) => ({ concernId: await concernOf(w) }),
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'start',
    about: 'start the accepted concern',
    build: async (w) => {
      const id = await concernOf(w);
      await w.h.ok(concern, 'accept', { concernId: id }, { as: w.town.people.villageGridWorker });
      return { concernId: id };
    },
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'resolve',
    about: 'resolve the concern',
    build: async (w) => {
      const id = await concernOf(w);
      const as = { as: w.town.people.villageGridWorker };
      await w.h.ok(concern, 'accept', { concernId: id }, as);
      await w.h.ok(concern, 'start', { concernId: id }, as);
      return { concernId: id, note: '已修好' };
    },
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'transfer',
    about: 'transfer it to the land department',
    build: async (w) => ({
      concernId: await concernOf(w),
      target: { to: 'department', departmentId: 'natural_resources' },
      note: '需国土所现场查看',
    }),
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'reject',
    about: 'reject it as not actionable',
    build: async (w) => ({
      concernId: await concernOf(w),
      reasonCode: 'not_actionable',
      reason: '这件事不归镇里管',
    }),
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'requestExtension',
    about: 'ask for two more working days',
    build: async (w) => ({ concernId: await concernOf(w), reason: '等配件', workingDays: 2 }),
    allowed: HANDLERS,
  },
  {
    fn: concern,
    action: 'rate',
    about: 'rate the resolved concern (回访)',
    build: async (w) => ({ concernId: await resolvedConcernOf(w), result: 'resolved' }),
    // docs/domain.md §2: the reporter answers the return visit in one tap; docs/domain.md §1: the centre
    // calls back (回访) and records the answer given on the phone. Nobody else.
    allowed: ['villager', 'centre'],
  },
  {
    fn: concern,
    action: 'supervise',
    about: 'supervise (督办) the concern',
    build: async (w) => ({ concernId: await concernOf(w), note: '请抓紧办理' }),
    allowed: ['centre'],
  },
  {
    fn: task,
    action: 'inbox',
    about: 'read one’s own inbox',
    build: async () => ({}),
    // Everyone who can hold a task; county officers read statistics but never act.
    allowed: [
      'sameGrid',
      'otherGrid',
      'mediator',
      'legalAdviser',
      'landOfficer',
      'liaison',
      'prosecutor',
      'centre',
      'admin',
      'otherTown',
    ],
  },
  {
    fn: task,
    action: 'acknowledge',
    about: 'acknowledge (收到) the same-grid worker’s task',
    build: async (w) => ({ taskId: await taskOf(w) }),
    allowed: ['sameGrid'],
  },
  {
    fn: task,
    action: 'complete',
    about: 'complete the same-grid worker’s return-visit task',
    build: async (w) => ({ taskId: await returnVisitTaskOf(w), note: '已处理' }),
    allowed: ['sameGrid'],
  },
];
