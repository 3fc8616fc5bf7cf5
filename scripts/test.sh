#!/usr/bin/env bash
# Runs every test project and ends with the totals on one line: "N passed, N failed[, N skipped]".
# Does every set-up step the tests need first, so a fresh clone needs only the .NET SDK and Node.js:
#   1. the Debian packages the tests use (Chromium, poppler, qpdf, PDFBox Preflight on a Java
#      runtime): installed with apt-get when running as root; otherwise, if any is missing, one line
#      naming the command to run, and exit 1 before anything else;
#   2. the Node tools (Azurite, Noto SC fonts, the ofd.js viewer, axe-core, html-validate) when node_modules lacks them (npm ci);
#   3. the Bicep CLI from NuGet and infra/main.bicep compiled and linted (.ci/bicep.sh), which the
#      infra tests need.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Each Debian package with what the tests use from it; a machine that has them all skips apt.
java_lib=/usr/share/java
declare -A probes=(
  [chromium]="cmd:chromium"
  [poppler-utils]="cmd:pdftoppm"
  [qpdf]="cmd:qpdf"
  [default-jre-headless]="cmd:java"
  [libpdfbox2-java]="file:$java_lib/preflight.jar file:$java_lib/pdfbox2.jar file:$java_lib/fontbox2.jar file:$java_lib/xmpbox.jar file:$java_lib/commons-logging.jar"
  [libactivation-java]="file:$java_lib/javax.activation.jar"
  [libjaxb-api-java]="file:$java_lib/jaxb-api.jar"
)
missing=()
for package in chromium poppler-utils qpdf default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java; do
  for probe in ${probes[$package]}; do
    case "$probe" in
      cmd:*) command -v "${probe#cmd:}" >/dev/null 2>&1 || { missing+=("$package"); break; } ;;
      file:*) [ -f "${probe#file:}" ] || { missing+=("$package"); break; } ;;
    esac
  done
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh: missing Debian packages the tests use; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log"; rm -f "$log"
    echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1
  fi
  rm -f "$log"
fi

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@expo-google-fonts/noto-serif-sc ] || [ ! -f node_modules/ofd.js/lib/ofd.umd.min.js ] \
   || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -d node_modules/html-validate ]; then
  npm ci --no-audit --no-fund >/dev/null || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi

# Restores the pinned Bicep CLI (the infra tests run it) and checks the template builds and lints clean.
bash .ci/bicep.sh >/dev/null || { echo ".ci/bicep.sh failed (above)"; echo "0 passed, 1 failed"; exit 1; }

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
