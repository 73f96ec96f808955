#!/bin/bash
# t_lifecycle.sh — lifecycle.c: reset then uninstall requested from execution callbacks complete
# asynchronously (flush first, no stale callbacks, atexit of the uninstalled plugin never runs,
# library closed), while the guest keeps running to its normal exit status.
. "$(dirname "$0")/lib.sh"
SO=$TP/liblifecycle.so
build_so "$SO"
build_raw "$tmp/g" tests/asm/branches.S || exit 1
env -i "$PLUME" -plugin "$SO" "$tmp/g" >/dev/null 2>"$tmp/err"
st=$?
cat "$tmp/err"
run_ok "$st" 165 "lifecycle: ok"
