export default definePageConfig({ navigationBarTitleText: '调解结果' });
