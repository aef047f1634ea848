#!/usr/bin/env bash
# Set up .venv (if missing), install zhclean with its test extras and the Debian
# packages the tests need (where we can), then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages that tests need: servers and browsers the tests start themselves.
APT_PACKAGES=(redis-server chromium fonts-wqy-microhei)

if [ ${#APT_PACKAGES[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"; }; then
            echo "scripts/test.sh: could not install ${APT_PACKAGES[*]}; tests that need them will skip" >&2
        fi
    else
        echo "scripts/test.sh: not root, not installing ${APT_PACKAGES[*]}" >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    PYTHON=$(command -v python3.11 || command -v python3)
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet -e '.[test,ray]'

# pytest exits 5 when it collected no tests: that is a failure here, not a pass.
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "scripts/test.sh: no tests were collected" >&2
    exit 1
fi
exit "$status"
