#!/bin/bash
# t_setpc.sh — setpc.c on setpc_guest.S: qemu_plugin_set_pc from the syscall entry, filter and
# return callbacks and from an instruction callback; the guest checks the redirects and a0, the
# plugin checks which events followed. stdout must be exactly the mode-3 write and the guest's
# verdict (the two redirected writes must not print).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$B/plume}
SO=$ROOT/$B/tests/plugins/libsetpc.so
make -s "$B/tests/plugins/libsetpc.so" >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
riscv64-linux-gnu-gcc -nostdlib -static -Itests/asm tests/plugins/setpc_guest.S -o "$tmp/g" ||
    exit 1
timeout 60 env -i "$PLUME" -plugin "$SO" "$tmp/g" >"$tmp/out" 2>"$tmp/err"
st=$?
head -n 20 "$tmp/err"
if ! printf 'ok ret\nsetpc: guest ok\n' | cmp -s - "$tmp/out"; then
    echo "FAIL stdout:"; head -n 5 "$tmp/out"; exit 1
fi
[ "$st" = 0 ] && grep -q "^setpc: ok" "$tmp/err" && ! grep -q FAIL "$tmp/err"
