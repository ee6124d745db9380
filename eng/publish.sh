#!/usr/bin/env bash
# Builds the app's deployment packages: `dotnet publish` of functions/EdgeFlows.Functions
# (Release, self-contained) for each runtime, zipped with the files at the zip's root, as
# App Service's zip deploy wants them.
#
#   eng/publish.sh [--runtime win-x64|linux-x64|all] [--output DIR]
#
#   win-x64    App Service on Azure Stack Hub (Windows workers; web.config runs the .exe
#              through the ASP.NET Core Module). Self-contained, so it runs whatever .NET
#              versions the workers have installed.
#   linux-x64  A Linux VM or any Linux host (./EdgeFlows.Functions).
#
# Writes DIR/edgeflows-<version>-<runtime>.zip (DIR defaults to artifacts/, git-ignored) and
# prints each zip's path and size. Idempotent: each run replaces the packages it makes. Asks
# nothing (CI=true works the same). docs/deploy-stack-hub.md explains how to deploy them.
#
# Neither trimmed nor single-file, on purpose: the app binds options and builds its services
# by reflection (configuration binding, DI, System.Text.Json, ASP.NET Core's endpoint
# metadata), which trimming breaks without warnings covering all of it, and a single-file
# bundle gains nothing for a folder App Service serves and complicates the native SQLite
# library. ReadyToRun is off too: start-up time matters little for a long-running host.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project="functions/EdgeFlows.Functions/EdgeFlows.Functions.csproj"
runtimes=(win-x64 linux-x64)
output="$root/artifacts"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --runtime|-r)
      [ $# -ge 2 ] || { echo "publish.sh: $1 needs a value (win-x64, linux-x64 or all)" >&2; exit 2; }
      case "$2" in
        all) runtimes=(win-x64 linux-x64) ;;
        win-x64|linux-x64) runtimes=("$2") ;;
        *) echo "publish.sh: unknown runtime '$2' (win-x64, linux-x64 or all)" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --output|-o)
      [ $# -ge 2 ] || { echo "publish.sh: $1 needs a folder" >&2; exit 2; }
      output="$2"
      shift 2 ;;
    --help|-h)
      usage
      exit 0 ;;
    *)
      echo "publish.sh: unknown argument '$1' (see --help)" >&2
      exit 2 ;;
  esac
done

command -v python3 >/dev/null 2>&1 || { echo "publish.sh: python3 is needed to write the zip files" >&2; exit 1; }
mkdir -p "$output"
output="$(cd "$output" && pwd)"

log() { printf '\033[1m[publish]\033[0m %s\n' "$*" >&2; }

version=$(dotnet msbuild "$project" -nologo -getProperty:Version)
[ -n "$version" ] || { echo "publish.sh: could not read the app's version from $project" >&2; exit 1; }

zip_folder() { # zip_folder FOLDER ZIP: the folder's files at the zip's root, modes kept
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile

folder, target = sys.argv[1], sys.argv[2]
partial = target + ".partial"
with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
    for directory, subfolders, files in os.walk(folder):
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            # ZipFile.write stores the Unix mode, so the Linux entry point stays executable.
            archive.write(path, os.path.relpath(path, folder).replace(os.sep, "/"))
os.replace(partial, target)
PY
}

for rid in "${runtimes[@]}"; do
  staging="$output/publish/$rid"
  zip="$output/edgeflows-$version-$rid.zip"
  rm -rf "$staging"
  # The SDK puts the commit into the informational version (0.1.0+<sha>, the dll's "Product
  # version"), so a deployed app says what it was built from.
  log "dotnet publish $rid (Release, self-contained) → $staging"
  dotnet publish "$project" -c Release -r "$rid" --self-contained true \
    -p:PublishTrimmed=false -p:PublishSingleFile=false -p:PublishReadyToRun=false \
    -o "$staging" --nologo -v quiet -warnaserror

  entry="EdgeFlows.Functions"
  [ "$rid" = win-x64 ] && entry="EdgeFlows.Functions.exe"
  for required in "$entry" host.json; do
    [ -f "$staging/$required" ] || { echo "publish.sh: $rid: $required is missing from the published app" >&2; exit 1; }
  done
  if [ "$rid" = win-x64 ] && [ ! -f "$staging/web.config" ]; then
    echo "publish.sh: win-x64: web.config is missing; App Service could not start the app" >&2
    exit 1
  fi
  if [ -e "$staging/local.settings.json" ]; then
    echo "publish.sh: $rid: local.settings.json (a developer's keys) got into the package; refusing to zip it" >&2
    exit 1
  fi

  zip_folder "$staging" "$zip"
  size=$(stat -c %s "$zip")
  printf '%s\t%s bytes (%s MiB)\n' "$zip" "$size" "$(( (size + 524288) / 1048576 ))"
done
