#!/bin/sh
# deps.sh: install the Debian packages cesim needs, when they are missing.
# Called by `make deps` (and so by `make run` and `make test`) once per machine.
set -eu

PKGS="gcc make pkg-config
libunicorn-dev libcapstone-dev libelf-dev libinih-dev libjansson-dev libcmocka-dev
gcc-arm-none-eabi binutils-arm-none-eabi
qemu-system-arm
gnuplot-nox python3"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# qemu-system-arm without recommends: no GUI stack, the tests only use -nographic.
$SUDO apt-get install -y -qq --no-install-recommends $missing
