#!/bin/bash
# t_fpu_plume.sh — the F/D instruction generator (tests/fpu/gen.c) run under plume and under
# qemu-riscv64 must print identical lines: checks the interpreter's use of fpu.h end to end
# (static and dynamic rounding modes, fsrm/fsflags/frflags, NaN-boxing through fmv).
# Skips (77) without the cross compiler, qemu-riscv64 or a built plume ($PLUME).
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
PLUME=${PLUME:-$B/plume}
command -v riscv64-linux-gnu-gcc >/dev/null && command -v qemu-riscv64 >/dev/null || exit 77
[ -x "$PLUME" ] || exit 77
OUT=$B/tests/fpu
mkdir -p "$OUT"
riscv64-linux-gnu-gcc -O1 -static -Wall -o "$OUT/gen" tests/fpu/gen.c || exit 1
qemu-riscv64 "$OUT/gen" 500 > "$OUT/gen.qemu" || exit 1
"$PLUME" "$OUT/gen" 500 > "$OUT/gen.plume"
st=$?
if ! cmp -s "$OUT/gen.qemu" "$OUT/gen.plume"; then
    echo "plume output differs from qemu-riscv64 (exit status $st); first differences:"
    diff "$OUT/gen.qemu" "$OUT/gen.plume" | head -20
    exit 1
fi
[ "$st" = 0 ] || { echo "plume exit status $st"; exit 1; }
echo "$(wc -l < "$OUT/gen.qemu") lines identical"
