#!/bin/bash
# t_vcpu_index.sh — vCPU index reuse under sequential threads (plugin spec §4.11, QEMU's "max+1"
# rule): threads_guest.c with one worker, then 20 threads each created after the previous one
# was joined. Every one of them must get index 1 (only vCPU 0 is live when it is created), so
# num_vcpus stays 2. threads.c asserts it ("index N for a thread started when only 0 was live").
# In QEMU the exit of a thread (child_tid clear, futex wake, vCPU removal) and clone are
# serialised by one lock, so pthread_join returning means the index is free again.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
B=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$B/plume}
SO=$ROOT/$B/tests/plugins/libthreads.so
make -s "$B/tests/plugins/libthreads.so" >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
riscv64-linux-gnu-gcc -O2 -pthread -static tests/plugins/threads_guest.c -o "$tmp/g" || exit 1
timeout 60 env -i "$PLUME" -plugin "$SO,vcpus=2,inits=22,exits=21" "$tmp/g" 1 10 20 \
    >/dev/null 2>"$tmp/err"
st=$?
head -n 8 "$tmp/err"
[ "$st" = 0 ] && grep -q "^threads: ok" "$tmp/err" && ! grep -q FAIL "$tmp/err"
