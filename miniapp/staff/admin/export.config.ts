export default definePageConfig({ navigationBarTitleText: '说事台账导出' });
