#!/usr/bin/env bash
# The README's test command: lint, typecheck, production builds, unit + integration
# tests against real local servers, then Playwright e2e in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
step() { printf '\n== %s ==\n' "$1"; }
step "system packages"; bash scripts/ensure-system-deps.sh chromium desktop
step "lint"; npx biome check .
step "typecheck"; npx turbo run typecheck --output-logs=errors-only; npx tsc -p e2e --noEmit
# Builds come before vitest: the stack integration test runs the production portals.
step "production build"; npx turbo run build --output-logs=errors-only
step "unit and integration tests"; npx vitest run
step "e2e"; npx playwright test
