#!/usr/bin/env bash
# The WeChat DevTools specs (test/e2e/weapp/) drive DevTools through miniprogram-automator. It
# is not a devDependency: it brings jimp and 27 copies of core-js 2 (~215 MB) into every
# install, and there is no DevTools on Linux to drive. Where WECHAT_DEVTOOLS_CLI names the
# DevTools CLI, it is installed here (not saved to package.json or the lock file).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.12.1
if [[ -z "${WECHAT_DEVTOOLS_CLI:-}" ]]; then
  exit 0
fi
if node -e "require.resolve('miniprogram-automator')" 2>/dev/null; then
  exit 0
fi
echo "WECHAT_DEVTOOLS_CLI is set: installing miniprogram-automator@${VERSION} (not saved)"
npm install --no-save --no-audit --no-fund "miniprogram-automator@${VERSION}"
