#!/usr/bin/env bash
# Installs the Debian packages the tests start themselves, if any is missing:
#   chromium       the chat widget's browser tests (Playwright drives it; never `playwright install`)
#   postgresql     the scale-out test's tracker store
#   redis-server   the scale-out test's lock store
# As root with apt-get; otherwise with `sudo -n` where that works without a password;
# otherwise it prints the one command to run, and why, and fails before any test runs.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo -n)
else
    echo "make test needs Debian's ${missing[*]} (browser tests, scale-out test). Run once:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "make test needs ${missing[*]} (browser tests, scale-out test); install them with your package manager." >&2
    exit 1
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
# Debian starts PostgreSQL and Redis as services on install; the tests start their own
# throwaway instances on other ports, so the stock ones are not needed.
