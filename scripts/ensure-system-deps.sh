#!/usr/bin/env bash
# Makes sure the Debian packages the scripts need are present. Installs them with
# apt-get when running as root; otherwise prints the exact command and fails.
# Usage: ensure-system-deps.sh chromium [desktop]
set -euo pipefail
declare -A bins=([chromium]=/usr/bin/chromium)
declare -A pkgs=([chromium]="chromium")
missing=()
for want in "$@"; do
  [ -x "${bins[$want]}" ] || missing+=("${pkgs[$want]}")
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
