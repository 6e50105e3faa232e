export default definePageConfig({ navigationBarTitleText: '线索查询' });
