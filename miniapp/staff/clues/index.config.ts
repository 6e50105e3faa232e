export default definePageConfig({
  navigationBarTitleText: '线索审查',
  enablePullDownRefresh: true,
});
