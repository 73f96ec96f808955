#!/bin/bash
# soak.sh — on-demand long runs of plume (not run by make test; t_short.sh is the short version).
#
# Usage: tests/soak/soak.sh [-n instructions] [-j jit-seconds] [-o results-file]
#   -n  loop instructions for the spin run (default 1e11; also accepts plain integers)
#   -j  seconds for each JIT run (default 300, at least 60: the translation cache needs a few
#       seconds to fill, and the growth check compares the two halves of the run)
#   -o  append a Markdown table row per run to this file (for docs/reliability.md): run,
#       instructions, wall time, peak RSS, second-half growth, descriptor range
# Env: BUILD (default build), PLUME (default $BUILD/plume); run `make` first.
#
# Runs, each sampled every 2 s (plume's VmRSS, VmHWM, open descriptors):
#   1. spin.c: the integer loop for the requested instructions (iterations = instructions /
#      instructions per iteration, measured with the bb plugin), with service work every 2^22
#      iterations (malloc/free, mmap/munmap, open/close, clock_gettime, a thread) and a 5 ms
#      SIGALRM timer throughout. Checksum must equal a native build's. Bound: 64 MiB.
#   2. jit.c mixed (RWX rewriting, fresh mmap'd code, arena filling) under tbwatch.
#   3. jit.c fill under tbwatch and the insn plugin with a callback per instruction (translated
#      blocks carry instrumentation).
#   JIT bounds: 512 MiB for run 2 (the 256 MiB translation cache and the guest's buffers), 768 MiB
#   for run 3: the cache limit counts blocks and their ops but not the plugin core's per-block
#   instrumentation records, so instrumented blocks take about 2.4 times the limit.
# Every run must exit 0, stay within its bound, not grow in its second half beyond a slack
# (spin 4 MiB, JIT 32 MiB) and keep its descriptor count. Exit status 0 if all runs pass.
set -u
. "$(dirname "$0")/lib.sh"

insns=100000000000
jit_secs=300
results=""
while getopts "n:j:o:" opt; do
    case $opt in
    n) insns=$(awk -v v="$OPTARG" 'BEGIN { printf "%.0f", v }') ;;
    j) jit_secs=$OPTARG ;;
    o) results=$OPTARG ;;
    *) echo "usage: $0 [-n instructions] [-j jit-seconds] [-o results-file]" >&2; exit 2 ;;
    esac
done

if [ "$jit_secs" -lt 60 ]; then
    echo "soak.sh: -j must be at least 60 seconds (tests/soak/t_short.sh is the short run)" >&2
    exit 2
fi
soak_build || { fail "cannot build the soak guests"; finish; }
per=$(spin_insns_per_iter)
if [ -z "$per" ] || [ "$per" -le 0 ]; then
    fail "cannot measure spin's instructions per iteration"
    finish
fi
iters=$((insns / per))
log=$MB_OUT/soak.samples
out=$MB_OUT/soak.out
SAMPLE_LOG=$log

row() { # run-name instructions-text
    local line
    line="| $1 | $2 | ${RUN_SECS} s | $((RUN_PEAK_KIB / 1024)) MiB | $(steady_growth "$log") KiB"
    line+=" | $RUN_MIN_FDS-$RUN_MAX_FDS |"
    echo "$line"
    [ -n "$results" ] && echo "$line" >>"$results"
}

echo "soak: spin, $iters iterations x $per instructions; plume $PLUME"
: >"$log"
run_sampled $((insns / 20000000 + 600)) 2 "$PLUME" "$SPIN" "$iters" 4194304 >"$out"
cp "$log" "$MB_OUT/soak.spin.samples"
if check_run "spin" "$log" 65536 4096; then
    want=$("$SPIN_NATIVE" "$iters" | head -n 1)
    [ "$(head -n 1 "$out")" = "$want" ] || fail "spin: [$(head -n 1 "$out")], native [$want]"
    grep -q ', 0 failed, timer ticks seen$' "$out" || fail "spin services: [$(tail -n 1 "$out")]"
fi
cat "$out"
row "spin ($(tail -n 1 "$out" | sed 's/^spin: \([0-9]*\) services.*/\1 services/'))" \
    "$(awk -v n="$iters" -v p="$per" 'BEGIN { printf "%.2e", n * p }')"

jit_run() { # name rss-limit-kib plume-args...
    local name=$1 limit=$2 tbw=$MB_OUT/soak.tbwatch
    shift 2
    echo "soak: $name for $jit_secs s"
    : >"$log"
    rm -f "$tbw"
    run_sampled $((jit_secs + 120)) 2 "$PLUME" -plugin "$TBWATCH,out=$tbw" "$@" >"$out"
    cp "$log" "$MB_OUT/soak.${name// /_}.samples"
    if check_run "$name" "$log" "$limit" $((32 * 1024)); then
        grep -q ' 0 wrong$' "$out" || fail "$name: [$(cat "$out")]"
    fi
    local flushes blocks
    read -r _ _ blocks _ _ _ flushes <"$tbw"
    [ "${flushes:-0}" -ge 1 ] ||
        fail "$name: no translation-cache flush ($(cat "$tbw" 2>/dev/null))"
    cat "$out" "$tbw"
    row "$name ($blocks blocks translated, $flushes flushes)" "-"
}
jit_run "jit mixed" $((512 * 1024)) "$JIT" mixed "$jit_secs"
jit_run "jit fill + insn callbacks" $((768 * 1024)) \
    -plugin "$ROOT/$BUILD/plugins/libinsn.so,inline=off,outfile=/dev/null" "$JIT" fill "$jit_secs"
finish
