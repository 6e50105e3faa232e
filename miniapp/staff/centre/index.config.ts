export default definePageConfig({ navigationBarTitleText: '指挥中心' });
