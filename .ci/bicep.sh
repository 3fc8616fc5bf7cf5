#!/usr/bin/env bash
# Compiles and lints infra/main.bicep with the Bicep CLI from NuGet
# (Azure.Bicep.CommandLine.linux-x64, version pinned in infra/tools/BicepCli.csproj).
# The CLI arrives through an ordinary `dotnet restore` of that tools project (PackageDownload
# into the NuGet global packages folder); nothing else is downloaded. Idempotent; prints only
# the path of the compiled ARM JSON on success, and the diagnostics on any warning or error.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools_project="$repo/infra/tools/BicepCli.csproj"
out_dir="$repo/artifacts/bicep"          # /artifacts/ is in .gitignore
out_json="$out_dir/main.json"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() { echo "bicep.sh: $1" >&2; [[ -s "$log" ]] && cat "$log" >&2; exit 1; }

if ! dotnet restore "$tools_project" --verbosity quiet >"$log" 2>&1; then
  fail "dotnet restore of $tools_project failed"
fi

version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$tools_project")
[[ -n "$version" ]] || fail "no exact Azure.Bicep.CommandLine.linux-x64 version found in $tools_project"
packages=${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')}
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[[ -f "$bicep" ]] || fail "Bicep CLI not found at $bicep after restore"
[[ -x "$bicep" ]] || chmod u+x "$bicep"

mkdir -p "$out_dir"
# Both commands are silent when the template is clean, so any output is a diagnostic.
if ! "$bicep" build "$repo/infra/main.bicep" --outfile "$out_json" >"$log" 2>&1 || [[ -s "$log" ]]; then
  fail "bicep build infra/main.bicep reported problems"
fi
if ! "$bicep" lint "$repo/infra/main.bicep" >"$log" 2>&1 || [[ -s "$log" ]]; then
  fail "bicep lint infra/main.bicep reported problems"
fi

echo "$out_json"
