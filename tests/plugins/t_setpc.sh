#!/bin/bash
# t_setpc.sh — setpc.c on setpc_guest.S: qemu_plugin_set_pc from the syscall entry, filter and
# return callbacks and from an instruction callback; the guest checks the redirects and a0, the
# plugin checks which events followed. stdout must be exactly the mode-3 write and the guest's
# verdict (the two redirected writes must not print).
. "$(dirname "$0")/lib.sh"
SO=$TP/libsetpc.so
build_so "$SO"
build_raw "$tmp/g" tests/plugins/setpc_guest.S || exit 1
timeout 60 env -i "$PLUME" -plugin "$SO" "$tmp/g" >"$tmp/out" 2>"$tmp/err"
st=$?
head -n 20 "$tmp/err"
if ! printf 'ok ret\nsetpc: guest ok\n' | cmp -s - "$tmp/out"; then
    echo "FAIL stdout:"; head -n 5 "$tmp/out"; exit 1
fi
run_ok "$st" 0 "setpc: ok"
