#!/usr/bin/env bash
# Runs every test project and ends with the totals on one line: "N passed, N failed[, N skipped]".
# Installs the Node tools (Azurite, fonts) first if they are missing.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@expo-google-fonts/noto-serif-sc ]; then
  npm ci --no-audit --no-fund >/dev/null || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "warning: chromium is not installed (apt-get install -y chromium); the page tests will fail" >&2
fi

log=$(mktemp)
dotnet test FunctionsPipeline.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, …").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the build or a test host failed before any test could report
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
