#!/bin/bash
# t_basic.sh — plume -g with a static and a dynamic guest: breakpoints at main and a function,
# continue, backtrace, registers, stepi, step, finish, next and the exit reported with its
# status. The static guest's transcript must equal the one qemu-riscv64 -g gives for the same commands
# (minus the two lines where QEMU's stub differs: file transfer and process ids).
. "$(dirname "$0")/lib.sh"

COMMANDS=(
    "break main" "break twice" "continue" "continue" "bt" "info registers a0"
    "set \$old = \$pc" "stepi" "printf \"delta=%d\\n\", \$pc - \$old"
    "set \$old = \$pc" "stepi" "printf \"delta=%d\\n\", \$pc - \$old"
    "step" "bt 1" "finish" "next" "next" "info registers pc" "continue"
)

check() { # transcript guest-output status
    expect_line "$1" "Breakpoint 1, main () at basic.c:26"
    expect_line "$1" "Breakpoint 2, twice (v=20) at basic.c:14"
    expect_match "$1" '^#0  twice \(v=20\) at basic\.c:14$'
    expect_match "$1" '^#1  0x[0-9a-f]+ in main \(\) at basic\.c:26$'
    expect_match "$1" '^a0 +0x14[[:space:]]+20$'
    [ "$(grep -cE '^delta=(2|4)$' "$1")" = 2 ] || { cat "$1"; fail "stepi did not advance pc by 2 or 4"; }
    expect_match "$1" '^#0  add \(a=20, b=20\) at basic\.c:9$'
    expect_line "$1" "Value returned is \$1 = 40"
    expect_match "$1" "^16"$'\t'"    return r;$"
    expect_match "$1" '^pc +0x[0-9a-f]+[[:space:]]+0x[0-9a-f]+ <twice\+[0-9]+>$'
    expect_line "$1" "[Inferior 1 (Remote target) exited with code 050]"
    expect_line "$2" "x=40 counter=47 seven=7,7"
    [ "$3" = 40 ] || fail "guest exit status $3, expected 40"
}

for link in static dynamic; do
    exe=$(build_guest basic $link) || fail "cannot build the guest"
    port=$(free_port)
    start_emu "$port" "$WORK/out-$link" "$PLUME" -g "$port" "$exe"
    run_gdb "$port" "$exe" "$WORK/gdb-$link" "${COMMANDS[@]}"
    wait_emu
    st=$EMU_ST
    check "$WORK/gdb-$link" "$WORK/out-$link" "$st"
    echo "ok $link"
done

# The same session under qemu-riscv64: identical transcript but for QEMU's extras.
exe=$WORK/basic-static
port=$(free_port)
start_emu "$port" "$WORK/out-qemu" qemu-riscv64 -g "$port" "$exe"
run_gdb "$port" "$exe" "$WORK/gdb-qemu" "${COMMANDS[@]}"
wait_emu
grep -v '^warning: remote target does not support file transfer' "$WORK/gdb-static" |
    sed 's/(Remote target)/(process 1)/' >"$WORK/gdb-static.norm"
diff "$WORK/gdb-qemu" "$WORK/gdb-static.norm" || fail "transcript differs from qemu-riscv64 -g"
echo "ok same transcript as qemu-riscv64 -g"
