#!/usr/bin/env bash
# Runs ReachIn's browser tests (playwright-core driving Debian's Chromium,
# with axe-core accessibility checks).
#
# Usage: e2e/run.sh            (from anywhere)
#
# Environment:
#   REACHIN_BIN  path to the built `reachin` binary. Default: ../target/debug/reachin
#                relative to this e2e/ folder. A relative REACHIN_BIN is taken
#                relative to the directory you run this script from.
set -euo pipefail

invoked_from="$(pwd)"
e2e_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -n "${REACHIN_BIN:-}" ]]; then
  case "$REACHIN_BIN" in
    /*) ;;
    *) REACHIN_BIN="$invoked_from/$REACHIN_BIN" ;;
  esac
else
  REACHIN_BIN="$e2e_dir/../target/debug/reachin"
fi
REACHIN_BIN="$(realpath -m -- "$REACHIN_BIN")"
if [[ ! -x "$REACHIN_BIN" ]]; then
  echo "run.sh: no executable reachin binary at $REACHIN_BIN" >&2
  echo "run.sh: build it first (cargo build) or set REACHIN_BIN" >&2
  exit 1
fi
export REACHIN_BIN

# Debian's Chromium; the tests never download a browser of their own.
if [[ ! -x /usr/bin/chromium ]]; then
  echo "run.sh: /usr/bin/chromium is missing; installing Debian's chromium" >&2
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: node and npm are needed (Node.js 20 or newer)" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 20 )); then
  echo "run.sh: Node.js 20 or newer is needed; found $(node --version)" >&2
  exit 1
fi

cd "$e2e_dir"

# npm writes node_modules/.package-lock.json on every install, so it dates
# the installed tree; reinstall when it is missing or older than the lockfile.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

rm -rf screenshots
mkdir -p screenshots

npm test
