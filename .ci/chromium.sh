#!/usr/bin/env bash
# Headless Chromium for the certificates bundle's browser tests: Debian's chromium and chromium-driver (the
# chromedriver of the same version), driven through Selenium. Idempotent: harmless when already installed.
# Run as root. Without Chromium the browser tests are skipped with a message; CI installs it first.
#
#   .ci/chromium.sh install     apt-get install chromium chromium-driver, only if one is missing
#   .ci/chromium.sh check       print the versions; exit 1 when either is missing
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

installed() {
    [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]
}

install() {
    if installed; then
        return 0
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    check
}

check() {
    if ! installed; then
        echo "chromium.sh: $CHROMIUM or $CHROMEDRIVER is missing: run '$0 install' as root" >&2
        return 1
    fi
    "$CHROMIUM" --version
    "$CHROMEDRIVER" --version
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
