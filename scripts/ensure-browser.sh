#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's chromium and the CJK fonts
# (fonts-noto-cjk; without them Chinese renders as boxes in screenshots). Never downloads a
# browser of its own (playwright's download fails on these machines; STACK-NOTES).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "browser: chromium and CJK fonts present"
  exit 0
fi
echo "browser: installing ${need[*]} with apt"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "browser: need root (or sudo) to apt-get install ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
command -v chromium >/dev/null
echo "browser: $(chromium --version 2>/dev/null | head -1)"
