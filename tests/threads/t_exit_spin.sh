#!/bin/bash
# t_exit_spin.sh — exit_group while other threads spin in pure compute loops must end the
# process promptly with the right status (QEMU 10.2 can hang here). Runs exit_spin.c in its
# three modes with 1, 8 and 16 spinners, static and dynamic, 3 times each, under `timeout`.
set -u
. "$(dirname "$0")/lib.sh"
for link in static dynamic; do
    exe=$(build tests/threads/exit_spin.c $link) || { fail "build $link"; continue; }
    for mode in main:3 worker:4 group:5; do
        m=${mode%:*} want=${mode#*:}
        for n in 1 8 16; do
            worst=0 bad=""
            for run in 1 2 3; do
                t0=$(now_ms)
                timeout -s KILL 10 "$PLUME" "$exe" "$m" "$n" >/dev/null 2>&1
                st=$?
                dt=$(($(now_ms) - t0))
                [ $dt -gt $worst ] && worst=$dt
                [ $st = "$want" ] || bad="status $st (expected $want)"
            done
            if [ -n "$bad" ]; then
                fail "$link $m exits with $n spinners: $bad"
            elif [ $worst -gt 3000 ]; then
                fail "$link $m exits with $n spinners: slowest run took ${worst} ms"
            else
                pass "$link $m exits with $n spinners (slowest ${worst} ms)"
            fi
        done
    done
done
finish
