#!/bin/bash
# t_vcpu_index.sh — vCPU index reuse under sequential threads (plugin spec §4.11, QEMU's "max+1"
# rule): threads_guest.c with one worker, then 20 threads each created after the previous one
# was joined. Every one of them must get index 1 (only vCPU 0 is live when it is created), so
# num_vcpus stays 2. threads.c asserts it ("index N for a thread started when only 0 was live").
# In QEMU the exit of a thread (child_tid clear, futex wake, vCPU removal) and clone are
# serialised by one lock, so pthread_join returning means the index is free again.
. "$(dirname "$0")/lib.sh"
SO=$TP/libthreads.so
build_so "$SO"
riscv64-linux-gnu-gcc -O2 -pthread -static tests/plugins/threads_guest.c -o "$tmp/g" || exit 1
timeout 60 env -i "$PLUME" -plugin "$SO,vcpus=2,inits=22,exits=21" "$tmp/g" 1 10 20 \
    >/dev/null 2>"$tmp/err"
st=$?
head -n 8 "$tmp/err"
run_ok "$st" 0 "threads: ok"
