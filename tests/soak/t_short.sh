#!/bin/bash
# t_short.sh — the short soak (about 20 s, part of make test): spin.c for at least 5e7 loop
# iterations (5e8 instructions) and at least 2.5 s of wall time, whatever the engine's speed,
# with service work (malloc, mmap, /dev/null, threads, a 5 ms timer) every 2^20 iterations, then
# jit.c in fill mode for 8 s under the tbwatch plugin. plume's RSS is sampled every 0.25 s
# (spin) or 0.5 s (jit): it must stay under a bound (spin 64 MiB; jit 384 MiB: the 256 MiB
# translation cache, the guest's 32 MiB arena and slack), spin's must stop growing (the second
# half's peak no more than 4 MiB above the first half's; jit's cache may still be filling in
# the second half on a loaded machine, so only soak.sh checks its growth), and plume's
# descriptor count must not grow (sanitizer builds: larger bounds, growth not judged). The spin
# checksum must equal a native build's for the iterations the guest reports; every generated
# function must give the right result; when enough blocks were translated to overflow the cache
# (2e6), tbwatch must have seen a flush. tests/soak/soak.sh is the long version (on demand).
. "$(dirname "$0")/lib.sh"

soak_build || { fail "cannot build the soak guests"; finish; }
# Bounds in KiB: RSS limit and growth slack. A sanitizer build adds shadow memory and a 256 MiB
# quarantine of freed blocks that fills during the run: limits doubled plus 256 MiB, growth not
# judged.
spin_limit=65536 spin_slack=4096 jit_limit=$((384 * 1024))
if sanitized; then
    spin_limit=$((2 * spin_limit + 262144)) spin_slack=$spin_limit
    jit_limit=$((2 * jit_limit + 262144))
fi
log=$MB_OUT/short.samples.$$
out=$MB_OUT/short.out.$$
trap 'rm -f "$log" "$out" "$MB_OUT/short.tbwatch.$$"' EXIT

SAMPLE_LOG=$log
: >"$log"
run_sampled 60 0.25 "$PLUME" "$SPIN" 50000000 1048576 2.5 >"$out"
if check_run "spin >= 2.5 s + services" "$log" "$spin_limit" "$spin_slack"; then
    iters=$(sed -n '1s/^spin: \([0-9]*\) iterations,.*/\1/p' "$out")
    want=$("$SPIN_NATIVE" "${iters:-0}" | head -n 1)
    [ "$(head -n 1 "$out")" = "$want" ] || fail "spin: [$(head -n 1 "$out")], native gives [$want]"
    grep -q '^spin: [0-9]* services, 0 failed, timer ticks seen$' "$out" ||
        fail "spin services: [$(tail -n 1 "$out")]"
fi

: >"$log"
tbw=$MB_OUT/short.tbwatch.$$
run_sampled 60 0.5 "$PLUME" -plugin "$TBWATCH,out=$tbw" "$JIT" fill 8 >"$out"
if check_run "jit fill 8 s" "$log" "$jit_limit" "$jit_limit"; then
    grep -q ' 0 wrong$' "$out" || fail "jit: [$(cat "$out")]"
    read -r _ _ blocks _ insns _ flushes <"$tbw"
    if [ -z "$flushes" ]; then
        fail "tbwatch wrote no report"
    elif [ "$blocks" -ge 2000000 ] && [ "$flushes" -lt 1 ]; then
        fail "jit: $blocks blocks translated and no cache flush"
    else
        pass "jit: $(sed 's/^jit fill: //' "$out"); $blocks blocks translated, $flushes flushes"
    fi
fi
finish
