#!/bin/bash
# t_atomics.sh — tests/guest/thr_atomics (AMOs, LR/SC, C11 atomics, mutex, rwlock, spinlock,
# condition variable, barrier) run 20 times with 2, 8 and 64 threads, static and dynamic: every
# total must be exact every time and no run may hang.
set -u
. "$(dirname "$0")/lib.sh"
for link in static dynamic; do
    exe=$(build tests/guest/thr_atomics.c $link) || { fail "build $link"; continue; }
    for n in 2 8 64; do
        bad=0
        for run in $(seq 20); do
            out=$(timeout 30 "$PLUME" "$exe" "$n" 400 2>&1)
            st=$?
            if [ $st -ne 0 ] || grep -q FAIL <<<"$out"; then
                bad=$((bad + 1))
                [ $bad = 1 ] && echo "$out" | grep -v ' ok$' | head -n 5
            fi
        done
        [ $bad = 0 ] && pass "$link, $n threads: 20 exact runs" ||
            fail "$link, $n threads: $bad of 20 runs wrong or failed"
    done
done
finish
