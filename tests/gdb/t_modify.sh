#!/bin/bash
# t_modify.sh — gdb changes the guest: a register (add's second argument, at its entry), a variable in memory,
# and code that has already been translated and is running (seven's "li a5,7", patched to
# "li a5,9" while stopped on it: the block must be re-translated at once and for later calls).
# Static guest, then the dynamic one for the register and memory writes.
. "$(dirname "$0")/lib.sh"

exe=$(build_guest basic static) || fail "cannot build the guest"
port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" \
    "break *add" "break seven" "continue" \
    "set var \$a1 = 5" "set var counter = 100" "delete 1" "continue" \
    "printf \"insn=%#x\\n\", *(unsigned short *)\$pc" \
    "set var *(unsigned short *)\$pc = 0x47a5" "delete 2" "continue"
wait_emu
st=$EMU_ST
expect_match "$WORK/gdb" "^Breakpoint 1, add \(a=[0-9-]+, b=[0-9-]+\) at basic\.c:8$"
expect_line "$WORK/gdb" "Breakpoint 2, seven () at basic.c:21"
expect_line "$WORK/gdb" "insn=0x479d"
expect_line "$WORK/out" "x=25 counter=125 seven=9,9"
[ "$st" = 25 ] || fail "exit status $st, expected 25"
echo "ok static"

exe=$(build_guest basic dynamic) || fail "cannot build the guest"
port=$(free_port)
start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb" \
    "break *add" "continue" "set var \$a1 = 5" "set var counter = 100" "continue"
wait_emu
st=$EMU_ST
expect_line "$WORK/out" "x=25 counter=125 seven=7,7"
[ "$st" = 25 ] || fail "exit status $st, expected 25"
echo "ok dynamic"
