#!/bin/sh
# run.sh — differential test of src/riscv/fpu*.c against qemu-riscv64 (softfloat) as oracle.
#
# Builds tests/fpu/gen.c as a static riscv64 guest and tests/fpu/check.c on the host, runs
# the guest under qemu-riscv64 and pipes its expected results into the checker, which prints
# the first mismatches and a summary line. Exit status 0 only if every case matched.
#   tests/fpu/run.sh [cases-per-instruction (default 3000)] [seed]
# Environment: B = build directory (default build), CC, CROSS_CC, QEMU.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
CC=${CC:-gcc}
CROSS_CC=${CROSS_CC:-riscv64-linux-gnu-gcc}
QEMU=${QEMU:-qemu-riscv64}
N=${1:-3000}
SEED=${2:-0x9e3779b97f4a7c15}
OUT=$B/tests/fpu
mkdir -p "$OUT"
"$CROSS_CC" -O1 -static -Wall -o "$OUT/gen" tests/fpu/gen.c
"$CC" -std=gnu11 -O2 -g -Wall -D_GNU_SOURCE -Iinclude -o "$OUT/check" \
    src/riscv/fpu.c src/riscv/fpu_soft.c tests/fpu/check.c -lm
"$QEMU" "$OUT/gen" "$N" "$SEED" > "$OUT/expected.txt"
"$OUT/check" "$OUT/expected.txt"
