#!/bin/bash
# t_xattr.sh — extended attributes and file handles on a file in /tmp
# (tests/guest/extra/xattr.c), static and dynamic, under plume and qemu-riscv64: the same output
# and status, and the output is the expected one. Skipped (77) when /tmp does not support user
# xattrs; the program itself finds out and says so.
set -u
. "$(dirname "$0")/extra/lib.sh"
for link in static dynamic; do
    exe=$(build_extra xattr $link) || exit 1
    "$PLUME" "$exe" >"$OUT/xattr-$link.plume.out"
    pst=$?
    if [ $pst = 77 ]; then
        echo "skip: $(cat "$OUT/xattr-$link.plume.out")"
        exit 77
    fi
    qemu-riscv64 -L "$SYSROOT" "$exe" >"$OUT/xattr-$link.qemu.out"
    qst=$?
    if [ $pst != 0 ] || [ $qst != 0 ]; then
        echo "FAIL ($link): plume exit $pst, qemu exit $qst"
        cat "$OUT/xattr-$link.plume.out"
        exit 1
    fi
    if ! diff "$OUT/xattr-$link.qemu.out" "$OUT/xattr-$link.plume.out" ||
        ! diff "$SRC/xattr.expected" "$OUT/xattr-$link.plume.out"; then
        echo "FAIL ($link): output differs"; exit 1
    fi
    echo "ok: $link"
done
exit 0
