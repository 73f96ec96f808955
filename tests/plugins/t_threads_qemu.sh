#!/bin/bash
# t_threads_qemu.sh — the version-1 counting plugin (counts_v1.c) under qemu-riscv64 (Debian 7.2)
# and plume on threaded guests.
#  - threads_raw.S with 8 and 64 threads: every count (instructions, blocks, accesses, syscalls,
#    returns) identical, and the instruction count equal to the program's formula. Both run
#    pinned to one host CPU (and SCHED_FIFO if allowed): version-1 inline ops add to one counter
#    shared by all vCPUs without atomicity (as in QEMU), so parallel runs lose updates in both
#    emulators.
#  - threads_guest.c (static, 8 pthreads): stdout identical. Counts are printed, not compared:
#    they depend on scheduling (futex and barrier loops) and on the environment (QEMU 7.2 lacks
#    set_robust_list, so glibc makes one syscall less per thread there).
. "$(dirname "$0")/lib.sh"
SO=$TP/libcounts_v1.so
command -v qemu-riscv64 >/dev/null && command -v taskset >/dev/null || exit 77
QSO=$B/tests/plugins/qemu/libcounts_v1.so # the same source without sanitizers, for qemu
build_so "$SO"
make -s B="$B" "$QSO" >/dev/null || exit 1
# Also SCHED_FIFO when allowed: FIFO threads of one priority are never time-sliced against each
# other, so no thread is preempted halfway through a counter update while another one runs (a
# slow sanitizer build on a busy machine lost thousands of block counts that way).
rt=()
chrt -f 1 true 2>/dev/null && rt=(chrt -f 1)
fail=0
for n in 8 64; do
    build_raw "$tmp/raw" tests/plugins/threads_raw.S -DNT=$n -DITER=1000 || exit 1
    pin=(timeout 120 env -i "${rt[@]}" taskset -c 0)
    "${pin[@]}" qemu-riscv64 -plugin "$ROOT/$QSO,out=$tmp/q" "$tmp/raw"
    "${pin[@]}" "$PLUME" -plugin "$SO,out=$tmp/p" "$tmp/raw"
    q=$(cat "$tmp/q" 2>/dev/null) p=$(cat "$tmp/p" 2>/dev/null)
    want="insns=$((24 + n * (45 + 3 * 1000))) "
    if [ -z "$q" ] || [ "$q" != "$p" ] || [[ "$p" != "$want"* ]]; then
        echo "FAIL raw-$n: qemu '$q' plume '$p' (want $want...)"; fail=1
    else
        echo "ok raw-$n: $p"
    fi
    rm -f "$tmp/q" "$tmp/p"
done
riscv64-linux-gnu-gcc -O2 -pthread -static tests/plugins/threads_guest.c -o "$tmp/g" || exit 1
timeout 120 env -i qemu-riscv64 -plugin "$ROOT/$QSO,out=$tmp/q" "$tmp/g" 8 2000 3 >"$tmp/qo"
timeout 120 env -i "$PLUME" -plugin "$SO,out=$tmp/p" "$tmp/g" 8 2000 3 >"$tmp/po"
if [ ! -s "$tmp/qo" ] || ! cmp -s "$tmp/qo" "$tmp/po"; then
    echo "FAIL guest stdout: qemu '$(cat "$tmp/qo")' plume '$(cat "$tmp/po")'"; fail=1
else
    echo "ok guest stdout: $(cat "$tmp/po")"
    echo "   qemu  $(cat "$tmp/q" 2>/dev/null)"
    echo "   plume $(cat "$tmp/p" 2>/dev/null)"
fi
exit $fail
