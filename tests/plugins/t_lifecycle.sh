#!/bin/bash
# t_lifecycle.sh — lifecycle.c: reset then uninstall requested from execution callbacks complete
# asynchronously (flush first, no stale callbacks, atexit of the uninstalled plugin never runs,
# library closed), while the guest keeps running to its normal exit status.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$B/plume}
make -s "$B/tests/plugins/liblifecycle.so" >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
riscv64-linux-gnu-gcc -nostdlib -static -Itests/asm tests/asm/branches.S -o "$tmp/g" || exit 1
env -i "$PLUME" -plugin "$ROOT/$B/tests/plugins/liblifecycle.so" "$tmp/g" >/dev/null 2>"$tmp/err"
st=$?
cat "$tmp/err"
[ "$st" = 165 ] && grep -q "^lifecycle: ok" "$tmp/err" && ! grep -q FAIL "$tmp/err"
