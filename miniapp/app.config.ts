/**
 * Pages of the mini-program. Villager pages sit in the main package with the tab bar; staff
 * pages are the `staff` subpackage (分包), loaded only when a staff member opens one, so the
 * villager's first download stays small (budgets: scripts/budgets.ts).
 */
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/learning/index',
    'pages/mine/index',
    'pages/concern/new',
    'pages/concern/detail',
    'pages/mediation/book',
    'pages/mediation/detail',
    'pages/learning/article',
    'pages/learning/lectures',
    'pages/clue/new',
    'pages/clue/track',
    'pages/account/login',
    'pages/account/profile',
    'pages/account/privacy',
  ],
  subPackages: [
    {
      root: 'staff',
      pages: [
        'inbox/index',
        'task/index',
        'proxy/index',
        'clues/index',
        'clue/index',
        'room/index',
        'outcome/index',
        'agreement/index',
        'centre/index',
        'calendar/index',
        'admin/index',
        'admin/staff',
        'admin/invitations',
        'admin/audit',
        'admin/export',
        'admin/import',
      ],
    },
  ],
  // Only inject the components a page uses (WeChat's 按需注入), smaller start-up work.
  lazyCodeLoading: 'requiredComponents',
  // Staff reach their pages from 我的: the staff subpackage is fetched in the background there.
  preloadRule: {
    'pages/mine/index': { network: 'all', packages: ['staff'] },
  },
  // Which pages WeChat search may index (sitemap.json, copied by config/index.ts).
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#b3261e',
    navigationBarTitleText: '和合说事',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f4f1',
  },
  tabBar: {
    color: '#5f5f5f',
    selectedColor: '#b3261e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-on.png',
      },
      {
        pagePath: 'pages/learning/index',
        text: '学法用法',
        iconPath: 'assets/tab/learn.png',
        selectedIconPath: 'assets/tab/learn-on.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tab/mine.png',
        selectedIconPath: 'assets/tab/mine-on.png',
      },
    ],
  },
  // Location: only when a villager taps 「在地图上选」 on 我要说事 (weapp). chooseLocation needs no
  // scope.userLocation any more; it needs this declaration, the interface permission on
  // mp.weixin.qq.com and the privacy guideline (README "Before review").
  requiredPrivateInfos: ['chooseLocation'],
});
