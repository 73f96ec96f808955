#!/bin/bash
# t_threads.sh — a two-thread guest: the second thread stops at a breakpoint, gdb lists both
# threads (all-stop: the main thread is stopped too), switches between them, and the program
# then ends normally.
. "$(dirname "$0")/lib.sh"

for link in dynamic static; do
    exe=$(build_guest threads $link) || fail "cannot build the guest"
    port=$(free_port)
    start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
    run_gdb "$port" "$exe" "$WORK/gdb" "break worker_mark" "continue" "info threads" \
        "thread 1" "thread 2" "print v" "continue"
    wait_emu
    st=$EMU_ST
    expect_match "$WORK/gdb" "^Thread 2 hit Breakpoint 1, worker_mark \(v=42\) at threads\.c:10$"
    expect_match "$WORK/gdb" "^  1    Thread [0-9]+ "
    expect_match "$WORK/gdb" "^\* 2    Thread [0-9]+ +worker_mark \(v=42\) at threads\.c:10$"
    [ "$(grep -cE '^[* ] [0-9]+    Thread ' "$WORK/gdb")" = 2 ] || { cat "$WORK/gdb"; fail "not 2 threads"; }
    expect_match "$WORK/gdb" "^\[Switching to thread 1 \(Thread [0-9]+\)\]$"
    expect_line "$WORK/gdb" "\$1 = 42"
    expect_line "$WORK/gdb" "[Inferior 1 (Remote target) exited normally]"
    expect_line "$WORK/out" "shared=42"
    [ "$st" = 0 ] || fail "status $st"
    echo "ok $link"
done
