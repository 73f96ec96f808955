#!/bin/bash
# t_signal.sh — a guest SIGSEGV is reported to gdb as a stop before delivery, then delivered or
# suppressed as gdb says: passed to a program without a handler it kills it (gdb sees the X
# reply, plume dies of SIGSEGV); passed to a handler the handler runs; suppressed with "jump"
# past the store the program goes on.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest segv static) || fail "cannot build the guest"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" "continue" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "Program received signal SIGSEGV, Segmentation fault."
expect_match "$WORK/gdb" "^0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at segv\.c:21$"
expect_line "$WORK/gdb" "Program terminated with signal SIGSEGV, Segmentation fault."
expect_line "$WORK/out" "before"
[ "$st" = 139 ] || fail "status $st, expected 139 (SIGSEGV)"
echo "ok fatal"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe" handler
run_gdb "$port" "$exe" "$WORK/gdb" "continue" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "Program received signal SIGSEGV, Segmentation fault."
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited with code 03]"
expect_line "$WORK/out" "caught SIGSEGV"
[ "$st" = 3 ] || fail "status $st, expected 3"
echo "ok handled"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe" handler
run_gdb "$port" "$exe" "$WORK/gdb" "continue" "jump 22"
wait_emu
st=$EMU_ST
expect_line "$WORK/gdb" "Program received signal SIGSEGV, Segmentation fault."
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited normally]"
[ "$(cat "$WORK/out")" = "$(printf 'before\nafter')" ] || { cat "$WORK/out"; fail "output"; }
[ "$st" = 0 ] || fail "status $st, expected 0"
echo "ok suppressed"
