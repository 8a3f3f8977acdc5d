#!/bin/sh
# Install the Debian packages Kestrel needs to build and test.
# Idempotent: does nothing (and needs no root) when everything is present.
set -eu

PKGS="gcc make cmake ninja-build python3 python3-kconfiglib python3-yaml \
python3-libfdt device-tree-compiler \
gcc-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm \
gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc \
gdb-multiarch libslirp-dev \
dnsmasq-base iperf iproute2 ccache"
PKGS="$PKGS openssl"   # tests/net/pki/gen.sh (the test PKI)
PKGS="$PKGS mosquitto"   # the MQTT fixtures (scripts/ktlib/mqtt_fixtures.py)
PKGS="$PKGS mosquitto-clients"   # make demo, samples/net/telemetry/host_check.py
PKGS="$PKGS python3-cryptography" # tests/crypto/mbedtls/data/gen_vectors.py (regenerating test data)

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "setup: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
