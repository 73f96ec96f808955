# lib.sh — helpers shared by tests/soak/soak.sh and tests/soak/t_short.sh (sourced only).
#
# Builds the soak guests (spin.c, jit.c: riscv64, static; spin.c natively too, for its checksum)
# and the tbwatch plugin into $ROOT/$BUILD/tests/soak, and runs them under plume while sampling
# plume's VmRSS and open descriptors (run_sampled, from tests/misbehave/lib.sh).

MB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$MB_SRC/../.." && pwd)}
BUILD=${BUILD:-build}
MB_OUT=${SOAK_OUT:-$ROOT/$BUILD/tests/soak}
. "$MB_SRC/../misbehave/lib.sh"

# soak_build: build everything; sets SPIN, SPIN_NATIVE, JIT, TBWATCH. Returns 1 on failure.
soak_build()
{
    SPIN=$(build_guest spin static) || return 1
    JIT=$(build_guest jit static) || return 1
    SPIN_NATIVE=$MB_OUT/spin-native
    if [ ! -x "$SPIN_NATIVE" ] || [ "$MB_SRC/spin.c" -nt "$SPIN_NATIVE" ]; then
        gcc -O2 "$MB_SRC/spin.c" -o "$SPIN_NATIVE" -lpthread || return 1
    fi
    TBWATCH=$MB_OUT/libtbwatch.so
    if [ ! -f "$TBWATCH" ] || [ "$MB_SRC/tbwatch.c" -nt "$TBWATCH" ] ||
        [ "$ROOT/include/qemu-plugin.h" -nt "$TBWATCH" ]; then
        gcc -std=gnu11 -O2 -Wall -fPIC -shared -fvisibility=hidden -I"$ROOT/include" \
            $(pkg-config --cflags glib-2.0) "$MB_SRC/tbwatch.c" -o "$TBWATCH" \
            $(pkg-config --libs glib-2.0) || return 1
    fi
}

# spin_insns_per_iter: instructions one loop iteration of spin executes (measured with the bb
# plugin from two short runs).
spin_insns_per_iter()
{
    local bb=$ROOT/$BUILD/plugins/libbb.so a b
    a=$("$PLUME" -plugin "$bb,outfile=-" "$SPIN" 1000000 2>&1 >/dev/null |
        sed -n 's/^total: .*insns: \([0-9]*\)$/\1/p')
    b=$("$PLUME" -plugin "$bb,outfile=-" "$SPIN" 2000000 2>&1 >/dev/null |
        sed -n 's/^total: .*insns: \([0-9]*\)$/\1/p')
    [ -n "$a" ] && [ -n "$b" ] && echo $(((b - a) / 1000000))
}

# steady_growth log: KiB by which the largest VmRSS of the second half of the samples (by time)
# exceeds that of the first half (negative or 0 when memory is flat).
steady_growth()
{
    awk '{ t[NR] = $1; r[NR] = $2 } END {
        if (NR < 2) { print 0; exit }
        half = t[NR] / 2; a = 0; b = 0
        for (i = 1; i <= NR; i++) {
            if (t[i] <= half) { if (r[i] > a) a = r[i] } else if (r[i] > b) b = r[i]
        }
        print b - a }' "$1"
}

# check_run what log rss-limit-kib growth-slack-kib: judge the last run_sampled (and its
# SAMPLE_LOG): exit status 0, peak RSS within the limit, no growth in the second half beyond
# the slack, no descriptor growth (at most 2 transient guest descriptors).
check_run()
{
    local what=$1 log=$2 limit=$3 slack=$4 growth
    growth=$(steady_growth "$log")
    if [ "$RUN_STATUS" != 0 ]; then
        fail "$what: exit status $(status_name "$RUN_STATUS")"
    elif [ "$RUN_SAMPLES" -lt 2 ]; then
        fail "$what: only $RUN_SAMPLES samples"
    elif [ "$RUN_PEAK_KIB" -gt "$limit" ]; then
        fail "$what: peak RSS $RUN_PEAK_KIB KiB over the $limit KiB bound"
    elif [ "$growth" -gt "$slack" ]; then
        fail "$what: RSS still growing (second half peak +$growth KiB over the first half's)"
    elif [ $((RUN_MAX_FDS - RUN_MIN_FDS)) -gt 2 ]; then
        fail "$what: descriptors grew from $RUN_MIN_FDS to $RUN_MAX_FDS"
    else
        pass "$what: ${RUN_SECS} s, peak RSS $((RUN_PEAK_KIB / 1024)) MiB" \
            "(growth ${growth} KiB), fds $RUN_MIN_FDS-$RUN_MAX_FDS, $RUN_SAMPLES samples"
        return 0
    fi
    return 1
}
