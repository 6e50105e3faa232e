export default definePageConfig({
  navigationBarTitleText: '学法文章',
  // Legal articles may be forwarded to a chat and shared to 朋友圈 (useShareAppMessage/Timeline).
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
