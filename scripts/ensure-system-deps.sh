#!/usr/bin/env bash
# Makes sure the Debian packages the scripts need are present. Installs them with
# apt-get when running as root; otherwise prints the exact command and fails.
# Usage: ensure-system-deps.sh chromium [desktop]
set -euo pipefail
# desktop: what the local-desktop compute provider runs per Cloud PC (Xvnc, openbox, a terminal).
declare -A bins=([chromium]="/usr/bin/chromium" [desktop]="/usr/bin/Xvnc /usr/bin/vncpasswd /usr/bin/openbox /usr/bin/xterm")
declare -A pkgs=([chromium]="chromium" [desktop]="tigervnc-standalone-server tigervnc-tools openbox xterm")
missing=()
for want in "$@"; do
  for bin in ${bins[$want]}; do
    if [ ! -x "$bin" ]; then
      missing+=(${pkgs[$want]})
      break
    fi
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
