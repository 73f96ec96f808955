#!/bin/bash
# t_threads.sh — threads.c (multi-vCPU plugin semantics) on threaded guests:
#  - threads_guest.c, static and dynamic, with 1, 2, 8 and 64 pthreads: vcpu_init/exit placement
#    and counts, live set at the marker (vcpu_for_each), num_vcpus, inline == callback counts
#    per vCPU, flushes at the first clone and at each scoreboard growth, syscall pairing;
#  - threads_raw.S (clone by hand) with 1, 2, 8 and 64 threads: the exact instruction total;
#  - churn: two instances replace their own vcpu_init/syscall registrations while 64 threads
#    start and make syscalls (list walkers on other threads must never see a freed entry);
#  - threads_exit.c: exit_group from a non-main thread while the others spin (one and two
#    racing enders): status 3, no hang, atexit exactly once;
#  - uninstall requested from a non-main vCPU while the others run.
# Every run must print "threads: ok" (or "threads: uninstalled ok") and no FAIL line.
. "$(dirname "$0")/lib.sh"
SO=$TP/libthreads.so
build_so "$SO"
fail=0
RVCC="riscv64-linux-gnu-gcc -O2 -pthread"
$RVCC -static tests/plugins/threads_guest.c -o "$tmp/tg_static" &&
    $RVCC tests/plugins/threads_guest.c -o "$tmp/tg_dynamic" &&
    $RVCC -static tests/plugins/threads_exit.c -o "$tmp/exit" || exit 1
cp "$SO" "$tmp/libthreads2.so"

# run name want-status want-verdict plume-args... (one verdict line per -plugin)
run() {
    local name=$1 want=$2 verdict=$3 a plugins=0
    shift 3
    for a in "$@"; do [ "$a" = -plugin ] && plugins=$((plugins + 1)); done
    timeout 120 env -i "$PLUME" "$@" >"$tmp/out" 2>"$tmp/err"
    local st=$?
    if [ "$st" != "$want" ] || [ "$(grep -c "^threads: $verdict\$" "$tmp/err")" != $plugins ] ||
        grep -q FAIL "$tmp/err"; then
        echo "FAIL $name (status $st, want $want)"; grep -v "^threads: vcpus" "$tmp/err" | head -8
        fail=1
    else
        echo "ok $name: $(grep "^threads: \(vcpus\|uninstalled after\)" "$tmp/err")"
    fi
}

for n in 1 2 8 64; do
    want=",live=$((n + 1)),vcpus=$((n + 1)),inits=$((n + 1)),exits=$n"
    for kind in static dynamic; do
        run "guest-$kind-$n" 0 ok -plugin "$SO$want" "$tmp/tg_$kind" "$n" 2000 0
    done
    build_raw "$tmp/raw$n" tests/plugins/threads_raw.S -DNT=$n -DITER=1000 || exit 1
    run "raw-$n" 0 ok -plugin "$SO$want,insns=$((24 + n * (45 + 3 * 1000)))" "$tmp/raw$n"
done
run churn 0 ok -plugin "$SO,churn=on" -plugin "$tmp/libthreads2.so,churn=on" \
    "$tmp/tg_static" 64 200 0
run exit-group 3 ok -plugin "$SO,exits=0,inits=6,slow_atexit=50" "$tmp/exit" 4 1
run exit-group-race 3 ok -plugin "$SO,exits=0,inits=11,slow_atexit=200" "$tmp/exit" 8 2
run uninstall-guest 0 "uninstalled ok" -plugin "$SO,uninstall=2000" "$tmp/tg_static" 8 3000 0
run uninstall-raw 0 "uninstalled ok" -plugin "$SO,uninstall=500" "$tmp/raw64"
exit $fail
