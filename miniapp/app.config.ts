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
      ],
    },
  ],
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
  // Location is asked only when a villager taps 「在地图上选」 on 我要说事 (weapp).
  permission: {
    'scope.userLocation': { desc: '用于标出您反映的事情发生在哪里' },
  },
  requiredPrivateInfos: ['chooseLocation'],
});
