/**
 * Every page's path in one place, so a page navigates by name and a renamed page fails the
 * typecheck instead of a tap. Keep in step with app.config.ts (a test compares them).
 */
export const ROUTES = {
  home: '/pages/index/index',
  learning: '/pages/learning/index',
  mine: '/pages/mine/index',
  concernNew: '/pages/concern/new',
  concernDetail: '/pages/concern/detail',
  mediationBook: '/pages/mediation/book',
  mediationDetail: '/pages/mediation/detail',
  article: '/pages/learning/article',
  lectures: '/pages/learning/lectures',
  clueNew: '/pages/clue/new',
  clueTrack: '/pages/clue/track',
  login: '/pages/account/login',
  profile: '/pages/account/profile',
  privacy: '/pages/account/privacy',
  staffInbox: '/staff/inbox/index',
  staffTask: '/staff/task/index',
  staffProxy: '/staff/proxy/index',
  staffClues: '/staff/clues/index',
  staffClue: '/staff/clue/index',
  staffRoom: '/staff/room/index',
  staffOutcome: '/staff/outcome/index',
  staffAgreement: '/staff/agreement/index',
  staffCentre: '/staff/centre/index',
  staffCalendar: '/staff/calendar/index',
  staffAdmin: '/staff/admin/index',
  staffAdminStaff: '/staff/admin/staff',
  staffAdminInvitations: '/staff/admin/invitations',
  staffAdminAudit: '/staff/admin/audit',
  staffAdminExport: '/staff/admin/export',
  staffAdminImport: '/staff/admin/import',
} as const;

export type RouteName = keyof typeof ROUTES;

/** Pages on the tab bar are opened with switchTab, every other page with navigateTo. */
export const TAB_ROUTES: readonly RouteName[] = ['home', 'learning', 'mine'];
