#!/usr/bin/env bash
# Make sure the Debian Chromium that the browser tests drive is installed, and print its version.
#
# Usage: bash scripts/ensure_chromium.sh        (as root, or with sudo available)
#
# - Idempotent: when /usr/bin/chromium is already there it installs nothing and only prints the
#   version. Otherwise it runs `apt-get update -qq && apt-get install -y -qq chromium` (Debian 12
#   "bookworm": about 300 MB installed, ~1-2 min on a fresh machine).
# - Playwright's own browser download (`playwright install`) is NOT reachable from these machines.
#   The tests hand this binary to Playwright: executable_path=/usr/bin/chromium, plus the flags in
#   tests/infra_env.py (CHROMIUM_ARGS). Without --disable-background-networking,
#   --disable-component-update and --disable-sync Chromium keeps dialling the closed network.
# - Debian's Chromium is usually a few releases away from the build a Playwright release was
#   made for. Playwright drives it over CDP all the same for ordinary page work (goto, click, fill,
#   screenshot, downloads); exotic features may differ. Pin playwright, not the browser.
# - Exit status: 0 when chromium runs afterwards, non-zero otherwise (CI treats that as failure).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ ! -x "$CHROMIUM" ]]; then
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
        SUDO="sudo"
    fi
    echo "ensure_chromium: $CHROMIUM missing, installing Debian's chromium package" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# --version starts no browser window and touches no network.
"$CHROMIUM" --version
