// Babel for the Taro build of miniapp/ (docs/platform.md: the webpack5 compiler is the tested path).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
