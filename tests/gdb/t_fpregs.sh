#!/bin/bash
# t_fpregs.sh — FP registers through gdb: f registers and fcsr read, fa0 and fcsr written at
# scale()'s entry; the program sees the new argument, rounding mode and accrued flags, and gdb
# reads frm and fflags back as fcsr's fields.
. "$(dirname "$0")/lib.sh"

for link in static dynamic; do
    exe=$(build_guest fp $link) || fail "cannot build the guest"
    port=$(free_port)
    start_emu "$port" "$WORK/out" "$PLUME" -g "$port" "$exe"
    run_gdb "$port" "$exe" "$WORK/gdb" "break *scale" "continue" \
        "printf \"fa0=%g fcsr=%d\\n\", \$fa0.double, \$fcsr" \
        "set var \$fa0.double = 10" "set var \$fcsr = 0x21" \
        "printf \"frm=%d fflags=%d fa0=%g\\n\", \$frm, \$fflags, \$fa0.double" "continue"
    wait_emu
    st=$EMU_ST
    expect_line "$WORK/gdb" "fa0=1.5 fcsr=0"
    expect_line "$WORK/gdb" "frm=1 fflags=1 fa0=10"
    expect_line "$WORK/out" "r=20 round=1 flags=1"
    [ "$st" = 0 ] || fail "status $st"
    echo "ok $link"
done
