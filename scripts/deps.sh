#!/bin/sh
# deps.sh — install the Debian 12 packages plume needs to build and test, if any are missing.
# Run as root on a fresh machine (make demo / make test call it); prints nothing when all is there.
set -e
PKGS="gcc make pkg-config libglib2.0-dev gcc-riscv64-linux-gnu g++-riscv64-linux-gnu
      binutils-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user clang llvm libclang-rt-14-dev python3 valgrind
      gdb-multiarch"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages:$missing (run as root, or install them with apt-get)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null
