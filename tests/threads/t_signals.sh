#!/bin/bash
# t_signals.sh — signal behaviour checked on plume alone (sig_plume.c): timer overruns of a
# blocked real-time timer signal, tgkill of a joined thread, host signals sent from outside to
# a multi-threaded guest (SIGTERM blocked by main must reach a spinning worker; SIGINT handled),
# and default actions of external signals (SIGTERM terminates, SIGQUIT dumps no core but dies
# of SIGQUIT, SIGSTOP/SIGCONT stop and continue) on a guest whose threads spin.
set -u
. "$(dirname "$0")/lib.sh"
exe=$(build tests/threads/sig_plume.c static) || { fail build; finish; }

out=$(timeout 20 "$PLUME" "$exe" overrun 2>&1)
[ "$out" = "first ok, overrun counted, second none" ] && pass "timer overrun: $out" ||
    fail "timer overrun: $out"
out=$(timeout 20 "$PLUME" "$exe" esrch 2>&1)
[ "$out" = "tgkill after join: ESRCH" ] && pass "$out" || fail "esrch: $out"

# start_guest mode: run plume in the background, wait for "ready"; sets pid and log.
start_guest()
{
    log=$THR_OUT/sig_plume.$1.$$.out
    : >"$log"
    # Background jobs of a non-interactive shell start with SIGINT/SIGQUIT ignored.
    env --default-signal=INT,QUIT "$PLUME" "$exe" "$1" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 200); do
        grep -q ready "$log" && return 0
        sleep 0.05
    done
    return 1
}

for run in 1 2 3; do
    if ! start_guest external; then
        fail "external: guest never ready"; kill -9 $pid; continue
    fi
    kill -INT $pid
    sleep 0.1
    kill -TERM $pid
    ( sleep 15; kill -9 $pid 2>/dev/null ) & watchdog=$!
    wait $pid
    st=$?
    kill $watchdog 2>/dev/null
    res=$(grep SIG "$log")
    if [ $st = 0 ] && [ "$res" = "SIGINT handled, SIGTERM on a worker" ]; then
        pass "external SIGINT/SIGTERM, run $run: $res"
    else
        fail "external SIGINT/SIGTERM, run $run: status $st, '$res'"
    fi
    rm -f "$log"
done

for sig in TERM:143 INT:130 QUIT:131 KILL:137 USR1:138 ALRM:142; do
    name=${sig%:*} want=${sig#*:}
    start_guest spin || { fail "spin: guest never ready"; kill -9 $pid; continue; }
    t0=$(now_ms)
    kill -$name $pid
    ( sleep 10; kill -9 $pid 2>/dev/null ) & watchdog=$!
    wait $pid
    st=$?
    kill $watchdog 2>/dev/null
    dt=$(($(now_ms) - t0))
    [ $st = $want ] && pass "external SIG$name kills with status $st in ${dt} ms" ||
        fail "external SIG$name: status $st, expected $want"
    rm -f "$log"
done

start_guest spin || fail "spin: guest never ready"
kill -STOP $pid
sleep 0.2
state=$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)
[ "$state" = T ] && pass "SIGSTOP stops the guest" || fail "SIGSTOP: state '$state'"
kill -CONT $pid
sleep 0.2
state=$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)
[ "$state" = R ] || [ "$state" = S ] && pass "SIGCONT continues it ($state)" ||
    fail "SIGCONT: state '$state'"
kill -TERM $pid
wait $pid
rm -f "$log"
finish
