#!/bin/bash
# t_tsan.sh — the threaded guests under a ThreadSanitizer build of plume: brings
# `make MODE=tsan` (build-tsan/plume; TSAN_BUILD overrides the directory) up to date, then runs
# thr_atomics, thr_futex, thr_cxx, sig_threads, sig_wait_timeout, sig_timer_orphan, exit_spin
# and proc_plume's robust-futex cases under it (not sig_race: TSan defers asynchronous signal
# handlers to its next intercepted call, so the handler cannot catch a thread on its way into a
# raw blocking syscall, which that test is about). Any
# "WARNING: ThreadSanitizer" report, a wrong total or a hang fails. Races on guest memory
# itself are suppressed (tsan.supp explains why); everything of plume's own state is checked.
# Skips (77) if the TSan build cannot be made. Runs in well under a minute.
set -u
. "$(dirname "$0")/lib.sh"
TSAN_BUILD=${TSAN_BUILD:-build-tsan}
TSAN_PLUME=$ROOT/$TSAN_BUILD/plume
if ! make -C "$ROOT" -j2 MODE=tsan B="$TSAN_BUILD" plume >"$THR_OUT/tsan-build.log" 2>&1; then
    echo "SKIP: cannot build the TSan plume (see $THR_OUT/tsan-build.log)"
    exit 77
fi
# TSan's shadow mapping clashes with ASLR on some kernels; setarch -R avoids that.
SUPP=$ROOT/tests/threads/tsan.supp
RUN=(env TSAN_OPTIONS="halt_on_error=0 report_signal_unsafe=0 suppressions=$SUPP")
setarch -R true 2>/dev/null && RUN=(setarch -R "${RUN[@]}")

tsan_run() { # what expected-status exe args...
    local what=$1 want=$2 log=$THR_OUT/tsan.$$.log
    shift 2
    timeout -s KILL 60 "${RUN[@]}" "$TSAN_PLUME" "$@" >"$log.out" 2>"$log"
    local st=$?
    if grep -q "WARNING: ThreadSanitizer" "$log"; then
        fail "$what: ThreadSanitizer report"
        grep -A30 "WARNING: ThreadSanitizer" "$log" | head -n 60 | sed 's/^/    /'
    elif [ "$st" != "$want" ]; then
        fail "$what: status $st (expected $want)"
        tail -n 5 "$log" | sed 's/^/    /'
    elif grep -q FAIL "$log.out"; then
        fail "$what: $(grep FAIL "$log.out" | head -n 3)"
    else
        pass "$what"
    fi
    rm -f "$log" "$log.out"
}

atomics=$(build tests/guest/thr_atomics.c static) || fail "build thr_atomics"
futex=$(build tests/guest/thr_futex.c static) || fail "build thr_futex"
cxx=$(build tests/guest/thr_cxx.cc dynamic) || fail "build thr_cxx"
sigthr=$(build tests/guest/sig_threads.c static) || fail "build sig_threads"
spin=$(build tests/threads/exit_spin.c static) || fail "build exit_spin"
waits=$(build tests/guest/sig_wait_timeout.c static) || fail "build sig_wait_timeout"
orphan=$(build tests/guest/sig_timer_orphan.c static) || fail "build sig_timer_orphan"
procs=$(build tests/threads/proc_plume.c static) || fail "build proc_plume"
for run in 1 2; do
    tsan_run "thr_atomics 8 threads (run $run)" 0 "$atomics" 8 200
done
tsan_run "thr_atomics 32 threads" 0 "$atomics" 32 50
tsan_run "thr_futex" 0 "$futex"
tsan_run "thr_cxx (dynamic)" 0 "$cxx"
tsan_run "sig_threads" 0 "$sigthr"
tsan_run "exit_spin worker" 4 "$spin" worker 4
tsan_run "sig_wait_timeout" 0 "$waits"
tsan_run "sig_timer_orphan" 0 "$orphan"
tsan_run "proc_plume robust" 0 "$procs" robust
finish
