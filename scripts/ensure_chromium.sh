#!/usr/bin/env bash
# Make sure the Debian Chromium that the browser tests drive is installed, and print its version.
#
# Usage: bash scripts/ensure_chromium.sh        (as root, or with sudo available)
#
# - Idempotent: when /usr/bin/chromium is already there it installs nothing and only prints the
#   version. Otherwise it runs `apt-get update -qq && apt-get install -y -qq chromium` (Debian 12
#   "bookworm"; 12 s here, a minute or two on a machine that lacks the X/GTK libraries too).
#   It waits up to 5 minutes for the dpkg lock when someone else is running apt on the machine.
# - Playwright's own browser download (`playwright install`) is NOT reachable from these machines.
#   The tests hand this binary to Playwright: executable_path=/usr/bin/chromium, plus the flags in
#   tests/infra_env.py (CHROMIUM_ARGS). Without --disable-background-networking,
#   --disable-component-update and --disable-sync Chromium keeps dialling the closed network.
# - Fonts: the package pulls in DejaVu (through fontconfig), which has every Vietnamese glyph;
#   screenshots show «Hồ sơ đăng ký» correctly without extra font packages.
# - Harmless noise: "/usr/bin/chromium: 9: [: NNN: unexpected operator" on stderr. Debian's
#   wrapper (/etc/chromium.d/dev-shm) reads /dev/shm's free space, and this machine has /dev/shm
#   mounted twice; /dev/shm is large here, so the flag that test guards is not needed.
# - Debian's Chromium is usually a few releases away from the build a Playwright release was
#   made for. Playwright drives it over CDP all the same for ordinary page work (goto, click, fill,
#   screenshot, file downloads: tests/test_infra_smoke.py); exotic features may differ.
# - Exit status: 0 when chromium runs afterwards, non-zero otherwise (CI treats that as failure).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ ! -x "$CHROMIUM" ]]; then
    SUDO=""
    if [[ "$(id -u)" != 0 ]]; then
        SUDO="sudo"
    fi
    echo "ensure_chromium: $CHROMIUM missing, installing Debian's chromium package" >&2
    APT=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
    "${APT[@]}" update -qq
    "${APT[@]}" install -y -qq chromium >/dev/null
fi

# --version starts no browser window and touches no network.
"$CHROMIUM" --version
