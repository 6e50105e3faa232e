export default definePageConfig({
  navigationBarTitleText: '百姓说事点',
  enablePullDownRefresh: true,
});
