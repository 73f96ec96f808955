#!/bin/bash
# t_qemu72_bugs.sh — ISA cases where Debian's qemu-riscv64 7.2 itself is wrong, so the runner's
# plume-versus-QEMU comparison cannot judge them: each tests/isa/qemu72/name.S runs under plume
# only and its stdout must equal name.expected (values derived from the ISA specification and
# explained in each .S). What QEMU 7.2 prints is shown for information.
set -u
cd "$(dirname "$0")/../.."
ROOT=${ROOT:-$PWD}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
OUT=$ROOT/$BUILD/tests/qemu72
mkdir -p "$OUT"
[ -x "$PLUME" ] || { echo "FAIL: $PLUME does not exist"; exit 1; }
status=0
for src in tests/isa/qemu72/*.S; do
    name=$(basename "$src" .S)
    exe=$OUT/$name
    if ! riscv64-linux-gnu-gcc -nostdlib -static -march=rv64gc_zba_zbb_zbs -Itests/asm "$src" \
        -o "$exe"; then
        echo "FAIL $name: build"; status=1; continue
    fi
    "$PLUME" "$exe" >"$OUT/$name.plume.out" 2>"$OUT/$name.plume.err"
    st=$?
    if [ "$st" = 0 ] && cmp -s "$OUT/$name.plume.out" "${src%.S}.expected"; then
        echo "PASS $name"
    else
        echo "FAIL $name (exit $st):"
        diff "${src%.S}.expected" "$OUT/$name.plume.out" | head -n 20
        status=1
    fi
    if command -v qemu-riscv64 >/dev/null; then
        qemu-riscv64 "$exe" 2>/dev/null | diff -q "${src%.S}.expected" - >/dev/null &&
            echo "  note: qemu-riscv64 now agrees with $name.expected" ||
            echo "  qemu-riscv64 $(qemu-riscv64 --version | head -n 1 | awk '{print $3}') still differs (expected)"
    fi
done
exit $status
