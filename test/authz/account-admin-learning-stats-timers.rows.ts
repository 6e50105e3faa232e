/**
 * Authorization matrix of the `account`, `admin` (管理员), `learning` (普法), `stats` (统计)
 * functions and the timer functions (`outbox`, `deadlines`, `reminders`). docs/domain.md §1: the
 * admin maintains grid, staff, rooms, rules and content; the legal adviser writes articles;
 * the centre reads the statistics and coverage, and may tune the keyword model; a county
 * officer reads across towns; timers are the system, never a person.
 */
import { accountFunction } from '../../functions/account/account.function';
import { adminFunction } from '../../functions/admin/admin.function';
import { deadlinesFunction } from '../../functions/deadlines/deadlines.function';
import { learningFunction } from '../../functions/learning/learning.function';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import { remindersFunction } from '../../functions/reminders/reminders.function';
import { statsFunction } from '../../functions/stats/stats.function';
import { putArticle } from '../factories/records';
import { addLecture } from '../learning/learning.fixtures';
import type { MatrixRow } from './authz.matrix';
import { accountOf, CALLERS, SIGNED_IN } from './authz.matrix';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

const account = accountFunction;
const admin = adminFunction;
const learning = learningFunction;

let phoneSeq = 0;
/** A phone number no account of the world holds (distinct per attempt). */
const freshPhone = () => `1370000${String(1000 + (phoneSeq += 1)).slice(-4)}`;

const CONSENT = { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION };
const LECTURE = 'lecture-authz';
const NEXT_WEEK = '2025-11-24T19:00:00.000+08:00';

export const accountRows: MatrixRow[] = [
  {
    fn: account,
    action: 'me',
    about: 'read one’s own account',
    build: async () => ({}),
    allowed: SIGNED_IN,
  },
  {
    fn: account,
    action: 'places',
    about: 'list the villages of town A',
    build: async (w) => ({ townId: w.town.townId }),
    // Public: the registration form needs the villages before anyone has an account.
    allowed: CALLERS,
  },
  {
    fn: account,
    action: 'register',
    about: 'register a new villager of 东关后村',
    build: async (w) => ({
      name: '孙桂花',
      phone: freshPhone(),
      gridNodeId: w.town.villages[0]![1]!._id,
      privacyConsent: CONSENT,
    }),
    // Public: a newcomer registers before having an account. A signed-in caller already
    // has one: refused as a CONFLICT (counted as a refusal for this row).
    allowed: ['anonymous'],
    refusedAs: ['CONFLICT'],
  },
  {
    fn: account,
    action: 'bindStaff',
    about: 'bind an invitation of town A (grid worker of 东关后村)',
    build: async (w) => {
      const issued = await w.h.ok<{ code: string }>(
        admin,
        'issueInvitation',
        { roles: ['grid_worker'], gridNodeIds: [w.town.villages[0]![1]!._id] },
        { as: w.town.people.admin },
      );
      return { invitationCode: issued.code };
    },
    // The invitation code is the key within its town: any signed-in account of town A
    // binds it (a villager becomes staff; staff gain the role); town B's is refused.
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
  },
  {
    fn: account,
    action: 'preparePhotoUpload',
    about: 'get a storage path for one photo',
    build: async () => ({ ext: 'jpg' }),
    // Anyone signed in may upload a photo; the path is recorded as theirs.
    allowed: SIGNED_IN,
  },
  {
    fn: account,
    action: 'proxyRegister',
    about: 'register a villager of 东关前村 by proxy (代办)',
    build: async (w) => ({
      name: '刘老汉',
      gridNodeId: w.town.villages[0]![0]!._id,
      contactPhone: '0633-1234567',
      privacyConsent: { ...CONSENT, readAloud: true },
    }),
    // A grid worker, for a villager of their own grid only.
    allowed: ['sameGrid'],
    // Town B's worker names town A's village: refused on that field.
    refusedAs: ['VALIDATION_FAILED'],
  },
];

export const adminRows: MatrixRow[] = [
  {
    fn: admin,
    action: 'importGrid',
    about: 'preview importing a new community under the town',
    build: async (w) => ({
      mode: 'preview',
      gridNodes: [
        { code: 'XD-05', parentCode: w.town.town.code, level: 'community', name: '北岗新村' },
      ],
    }),
    allowed: ['admin'],
    // Town B's admin imports into town B, where town A's parent code does not exist.
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: admin,
    action: 'upsertStaff',
    about: 'add a mediator of 西岭新村',
    build: async (w) => ({
      name: '蒋调解',
      phone: freshPhone(),
      roles: ['mediator'],
      gridNodeIds: [w.town.communities[1]!._id],
    }),
    allowed: ['admin'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: admin,
    action: 'issueInvitation',
    about: 'issue a grid worker invitation for 东关后村',
    build: async (w) => ({ roles: ['grid_worker'], gridNodeIds: [w.town.villages[0]![1]!._id] }),
    allowed: ['admin'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: admin,
    action: 'upsertRoom',
    about: 'create a 老支书调解室 in 东关新村',
    build: async (w) => ({
      kind: 'old_secretary',
      name: '东关新村第二调解室',
      gridNodeId: w.town.communities[0]!._id,
      level: 'community',
      disputeTypes: ['neighbour', 'land'],
      address: '东关新村党群服务中心二楼',
      schedule: [{ weekday: 2, start: '09:00', end: '11:00' }],
      slotMinutes: 60,
      seatsPerSlot: 1,
      mediatorIds: [w.town.people.mediator._id],
    }),
    // docs/domain.md §1: the admin maintains rooms; the centre dispatches mediation and keeps them too.
    allowed: ['admin', 'centre'],
    refusedAs: ['VALIDATION_FAILED'],
  },
  {
    fn: admin,
    action: 'setRules',
    about: 'tune the keyword model (ruleSet keywords)',
    build: async () => ({
      ruleSet: 'keywords',
      rules: {
        threshold: 1,
        kinds: [{ code: 'help', terms: [{ term: '漏水', weight: 2 }] }],
        topics: [],
      },
      note: '加词',
    }),
    // docs/domain.md §2: "a transparent keyword model kept as data, which the centre can tune".
    // Town B's admin changes town B's own rules: a role check, scoped to its own town.
    allowed: ['admin', 'centre', 'otherTown'],
  },
  {
    fn: admin,
    action: 'holidayCalendar',
    about: 'read the town’s holiday table and the calendar banner',
    build: async () => ({}),
    // The admin keeps it; the centre carries the banner on its home screen (docs/domain.md §2).
    allowed: ['admin', 'centre', 'otherTown'],
  },
  {
    fn: admin,
    action: 'importHolidays',
    about: 'read a holiday file into the form',
    build: async () => ({
      format: 'csv',
      text: '年份,节日,放假开始,放假结束,调休上班日\n2027,元旦,2027-01-01,2027-01-03,\n',
    }),
    allowed: ['admin', 'otherTown'],
  },
  {
    fn: admin,
    action: 'previewHolidays',
    about: 'preview what a 2027 New Year range would move',
    build: async () => ({
      years: { '2027': [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }] },
    }),
    allowed: ['admin', 'otherTown'],
  },
  {
    fn: admin,
    action: 'saveHolidays',
    about: 'save a 2027 New Year range',
    build: async () => ({
      years: { '2027': [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }] },
      note: '按通知录入',
      expectedVersion: 0,
    }),
    // docs/domain.md §1: the admin keeps the rule sets; the holiday table is one of them.
    allowed: ['admin', 'otherTown'],
  },
];

/** A second setRules row: the routing rules are the admin's alone (docs/domain.md §1, §2 routing). */
export const routingRulesRow: MatrixRow = {
  fn: admin,
  action: 'setRules',
  about: 'change the routing rules (ruleSet routing)',
  build: async () => ({ ruleSet: 'routing', rules: { rules: [] }, note: '清空自定义规则' }),
  allowed: ['admin', 'otherTown'],
};

export const learningRows: MatrixRow[] = [
  {
    fn: learning,
    action: 'listArticles',
    about: 'list published articles',
    build: async (w) => {
      await putArticle(w.h.store, w.town);
      return { townId: w.town.townId };
    },
    // Public legal education: anyone, naming the town (a signed-in reader's own by default).
    allowed: CALLERS,
  },
  {
    fn: learning,
    action: 'getArticle',
    about: 'read a published article of town A',
    build: async (w) => ({ articleId: (await putArticle(w.h.store, w.town))._id }),
    // Published legal education is public — to another town's reader too.
    allowed: CALLERS,
  },
  {
    fn: learning,
    action: 'publishArticle',
    about: 'create an article draft',
    build: async () => ({
      category: 'legal_knowledge',
      title: '宅基地上的那些事',
      body: '宅基地属于村集体所有，村民依法享有使用权。',
      publish: false,
    }),
    // docs/domain.md §1: the admin maintains content; legal advisers write it. Town B's account
    // writes into town B.
    allowed: ['admin', 'legalAdviser', 'otherTown'],
  },
  {
    fn: learning,
    action: 'markRead',
    about: 'mark a published article of town A as read',
    build: async (w) => ({
      articleId: (await putArticle(w.h.store, w.town))._id,
      progress: 100,
    }),
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
  },
  {
    fn: learning,
    action: 'myProgress',
    about: 'read one’s own reading progress',
    build: async () => ({}),
    allowed: SIGNED_IN,
  },
  {
    fn: learning,
    action: 'householdStatus',
    about: 'read one’s own household’s 法德明白人 status',
    build: async () => ({}),
    allowed: SIGNED_IN,
  },
  {
    fn: learning,
    action: 'coverage',
    about: 'read 法德明白人 coverage by village',
    build: async () => ({}),
    // docs/domain.md §2: "the centre sees coverage by village" (and the admin); town B's account
    // reads town B's coverage.
    allowed: ['centre', 'admin', 'otherTown'],
  },
  {
    fn: learning,
    action: 'listLectures',
    about: 'list lectures',
    build: async (w) => {
      await addLecture(w.h.store, w.town.townId, LECTURE, w.town.town._id, NEXT_WEEK, 10);
      return { townId: w.town.townId };
    },
    allowed: CALLERS,
  },
  {
    fn: learning,
    action: 'signUpLecture',
    about: 'sign up for a lecture of town A',
    build: async (w) => {
      await addLecture(w.h.store, w.town.townId, LECTURE, w.town.town._id, NEXT_WEEK, 10);
      return { lectureId: LECTURE };
    },
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
  },
  {
    fn: learning,
    action: 'cancelSignUp',
    about: 'cancel one’s own sign-up',
    build: async (w, caller) => {
      await addLecture(w.h.store, w.town.townId, LECTURE, w.town.town._id, NEXT_WEEK, 10);
      const as = accountOf(w, caller);
      // Each caller first tries to sign up (town B's account cannot), then cancels.
      if (as !== null) await w.h.call(learning, 'signUpLecture', { lectureId: LECTURE }, { as });
      return { lectureId: LECTURE };
    },
    allowed: SIGNED_IN.filter((c) => c !== 'otherTown'),
  },
];

export const statsRows: MatrixRow[] = [
  {
    fn: statsFunction,
    action: 'overview',
    about: 'read town A’s statistics for November',
    build: async (w) => ({ from: '2025-11-01', to: '2025-11-30', townId: w.town.townId }),
    // docs/domain.md §1–§2: the centre reads the statistics; the admin; a county officer reads
    // across towns. Town B's centre/admin may not read town A's.
    allowed: ['centre', 'admin', 'county'],
  },
];

/** Timers (定时触发): the system alone; every person is refused. */
export const timerRows: MatrixRow[] = [
  {
    fn: outboxFunction,
    action: 'deliver',
    about: 'deliver due pushes',
    build: async () => ({}),
    allowed: [],
  },
  {
    fn: deadlinesFunction,
    action: 'sweep',
    about: 'sweep deadlines',
    build: async () => ({}),
    allowed: [],
  },
  {
    fn: remindersFunction,
    action: 'run',
    about: 'send reminders',
    build: async () => ({}),
    allowed: [],
  },
];
