export default definePageConfig({ navigationBarTitleText: '学法用法' });
