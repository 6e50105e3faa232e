export default definePageConfig({ navigationBarTitleText: '公益诉讼线索' });
