#!/bin/bash
# t_counts_v1.sh — the API-version-1 counting plugin (counts_v1.c) gives identical instruction,
# block, memory-access and syscall counts under qemu-riscv64 (Debian 7.2, which only loads
# version 0-1 plugins) and under plume, on the raw-syscall programs of tests/asm; the version-5
# build of the same source must give the same counts under plume.
. "$(dirname "$0")/lib.sh"
SO1=$TP/libcounts_v1.so
SO5=$TP/libcounts_v5.so
QSO=$B/tests/plugins/qemu/libcounts_v1.so # the same source without sanitizers, for qemu
build_so "$SO1" "$SO5"
make -s B="$B" "$QSO" >/dev/null || exit 1
fail=0
for s in hello loop memops syscalls branches; do
    build_raw "$tmp/$s" "tests/asm/$s.S" -march=rv64gc_zba_zbb_zbs ||
        { echo "FAIL build $s"; fail=1; continue; }
    env -i qemu-riscv64 -plugin "$ROOT/$QSO,out=$tmp/q" "$tmp/$s" >/dev/null 2>&1
    env -i "$PLUME" -plugin "$SO1,out=$tmp/p1" "$tmp/$s" >/dev/null 2>&1
    env -i "$PLUME" -plugin "$SO5,out=$tmp/p5" "$tmp/$s" >/dev/null 2>&1
    q=$(cat "$tmp/q" 2>/dev/null) p1=$(cat "$tmp/p1" 2>/dev/null) p5=$(cat "$tmp/p5" 2>/dev/null)
    if [ -z "$q" ] || [ "$q" != "$p1" ] || [ "$q" != "$p5" ]; then
        echo "FAIL $s: qemu '$q' plume-v1 '$p1' plume-v5 '$p5'"
        fail=1
    else
        echo "ok $s: $q"
    fi
    rm -f "$tmp/q" "$tmp/p1" "$tmp/p5"
done
exit $fail
