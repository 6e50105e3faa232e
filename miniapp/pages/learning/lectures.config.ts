export default definePageConfig({ navigationBarTitleText: '普法讲座' });
