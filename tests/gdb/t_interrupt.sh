#!/bin/bash
# t_interrupt.sh — Ctrl-C in gdb (SIGINT to gdb, which sends the interrupt byte) stops a spinning
# program with SIGINT; gdb then changes a variable and the program ends as it says. If gdb dies
# while the program runs, the program runs on to its end.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest spin static) || fail "cannot build the guest"

wait_spinning() { # until the guest says it spins (gdb has let it run)
    for _ in $(seq 200); do grep -q spinning "$WORK/out" && return; sleep 0.1; done
    fail "the guest did not start spinning"
}

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
start_gdb "$port" "$exe" "$WORK/gdb" "continue" "printf \"spun=%d\\n\", spin > 0" \
    "set var stop = 1" "continue"
wait_spinning
sleep 0.2 # let it spin a little
kill -INT "$GDB_PID"
finish_gdb
wait_emu
expect_line "$WORK/gdb" "Program received signal SIGINT, Interrupt."
expect_line "$WORK/gdb" "spun=1"
expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited normally]"
expect_line "$WORK/out" "stopped by gdb"
[ "$EMU_ST" = 0 ] || fail "status $EMU_ST"
echo "ok interrupt"

port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe" 2
start_gdb "$port" "$exe" "$WORK/gdb" "continue"
wait_spinning
kill -KILL "$GDB_PID"
finish_gdb
wait_emu
expect_line "$WORK/out" "time is up"
[ "$EMU_ST" = 0 ] || fail "status $EMU_ST"
echo "ok gdb gone"
