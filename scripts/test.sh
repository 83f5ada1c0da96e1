#!/usr/bin/env bash
# The README's test command: lint, typecheck, unit + integration tests against real
# local servers, production builds, then Playwright e2e in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CI="${CI:-}"
step() { printf '\n== %s ==\n' "$1"; }
step "system packages"; bash scripts/ensure-system-deps.sh chromium
step "lint"; npx biome check .
step "typecheck"; npx turbo run typecheck --output-logs=errors-only
step "unit and integration tests"; npx vitest run
step "production build"; npx turbo run build --output-logs=errors-only
step "e2e"; npx playwright test
