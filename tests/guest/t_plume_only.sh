#!/bin/bash
# t_plume_only.sh — syscalls qemu-riscv64 7.2 does not implement (process_vm_readv/writev,
# mlock2, mq_notify: ENOSYS there) or answers differently from Linux (setxattr beyond 64 KiB:
# EFAULT instead of E2BIG) or dies (SIGBUS on a syscall buffer in a file page beyond end of
# file: EFAULT on Linux), so tests/guest/extra/plume_only.c runs under plume alone,
# static and dynamic, and its output must be the expected one (every line "ok": the program
# checks Linux's results itself).
set -u
. "$(dirname "$0")/extra/lib.sh"
for link in static dynamic; do
    exe=$(build_extra plume_only $link -lpthread) || exit 1
    "$PLUME" "$exe" >"$OUT/plume_only-$link.out"
    st=$?
    if [ $st != 0 ] || ! diff "$SRC/plume_only.expected" "$OUT/plume_only-$link.out"; then
        echo "FAIL ($link): exit $st"; exit 1
    fi
    echo "ok: $link"
done
exit 0
