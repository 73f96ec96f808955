#!/bin/bash
# run.sh — build the fuzz targets and run them for a total time budget (called by `make fuzz`).
#
# Usage: fuzz/run.sh [SECONDS] [target...]     (default 60 s; targets: decode elf plugin_opt
#                                                syscalls; default all)
# The budget is split evenly across the targets. Each libFuzzer target starts from its seeds in
# fuzz/corpus/<target>/ and keeps what it finds in build-fuzz/corpus/<target>/; crashes, leaks
# and timeouts are written to build-fuzz/artifacts/<target>/ (reproduce with
# `build-fuzz/fuzz_<target> <file>`). The syscalls target runs build-fuzz/guest_syscalls under
# $PLUME (default build/plume) as an unprivileged user with fresh seeds until its share is spent.
# Exit status: 0 when every target built and found nothing, 77 when clang's libFuzzer is
# unavailable, 1 otherwise. Prints one line per target and the number of inputs executed.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
TOTAL=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(decode elf plugin_opt syscalls)
FB=$ROOT/build-fuzz
PLUME=${PLUME:-$ROOT/build/plume}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    echo "fuzz: clang with libFuzzer is not available"
    exit 77
fi

per=$((TOTAL / ${#TARGETS[@]}))
[ "$per" -lt 1 ] && per=1
status=0

# Run one libFuzzer target for $per seconds; prints "<target>: N inputs, ..." or the crash.
run_libfuzzer() {
    local t=$1 exe=$FB/fuzz_$1 log=$FB/logs/$1.log
    mkdir -p "$FB/corpus/$t" "$FB/artifacts/$t" "$FB/logs"
    local seeds=()
    [ -d "fuzz/corpus/$t" ] && seeds=("fuzz/corpus/$t")
    local dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    "$exe" -max_total_time="$per" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$FB/artifacts/$t/" "${dict[@]}" "$FB/corpus/$t" "${seeds[@]}" \
        >"$log" 2>&1
    local st=$?
    local runs; runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$st" = 0 ]; then
        echo "fuzz $t: ${runs:-?} inputs in ${per}s, no failure"
    else
        echo "fuzz $t: FAILED (exit $st) after ${runs:-?} inputs; log $log"
        grep -E 'ERROR|SUMMARY|fuzz_[a-z_]*:|Test unit written' "$log" | head -n 8 | sed 's/^/    /'
        status=1
    fi
}

# Run the guest syscall fuzzer under plume with consecutive seeds for $per seconds. Failures
# are grouped by their first error line; one reproducer per group is printed.
run_syscalls() {
    local exe=$FB/guest_syscalls count=2000 seed=${FUZZ_SEED:-$(date +%s)} n=0 calls=0 nfail=0
    if [ ! -x "$PLUME" ]; then
        echo "fuzz syscalls: skipped ($PLUME not built)"
        return
    fi
    local dir; dir=$(mktemp -d /tmp/plume-fuzz-sys.XXXXXX)
    local san; san=$(mktemp -d /tmp/plume-fuzz-san.XXXXXX)
    local as=()
    if [ "$(id -u)" = 0 ]; then
        chown nobody "$dir" "$san"
        as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    fi
    # the guest may close or replace fd 2: sanitizer reports go to files instead
    local sanopt="log_path=$san/report"
    local -A seen=()
    local end=$((SECONDS + per))
    while [ $SECONDS -lt $end ]; do
        rm -rf "${dir:?}"/* && : >"$dir/.stdin"
        rm -f "$san"/report*
        (cd "$dir" && ASAN_OPTIONS="$ASAN_OPTIONS:$sanopt" UBSAN_OPTIONS="$UBSAN_OPTIONS:$sanopt" \
            "${as[@]}" timeout -s KILL 60 "$PLUME" "$exe" "$seed" "$count" \
            <"$dir/.stdin" >/dev/null 2>"$dir/.stderr")
        local st=$?
        if [ "$st" != 42 ]; then
            nfail=$((nfail + 1))
            local sig
            sig=$(cat "$san"/report* "$dir/.stderr" 2>/dev/null |
                grep -a -m1 -E 'runtime error|ERROR: |plume: |internal' |
                sed 's/0x[0-9a-f]*/ADDR/g; s/==[0-9]*==//')
            mkdir -p "$FB/logs" && cat "$san"/report* >"$FB/logs/syscalls-$seed.san" 2>/dev/null
            sig="exit $st: ${sig:-no message}"
            if [ -z "${seen[$sig]:-}" ]; then
                seen[$sig]=$seed
                echo "fuzz syscalls: FAILED seed $seed count $count: $sig"
                echo "    reproduce: (cd \$(mktemp -d) && $PLUME $exe $seed $count v)"
            fi
            status=1
        fi
        n=$((n + 1)); calls=$((calls + count)); seed=$((seed + 1))
    done
    rm -rf "$dir" "$san"
    echo "fuzz syscalls: $n programs, $calls random calls in ${per}s, $nfail failed" \
        "(${#seen[@]} distinct)"
}

for t in "${TARGETS[@]}"; do
    case $t in
    syscalls) goal=$FB/guest_syscalls ;;
    decode | elf | plugin_opt) goal=$FB/fuzz_$t ;;
    *) echo "fuzz: unknown target $t"; exit 1 ;;
    esac
    if ! make -s "${goal#"$ROOT"/}" >"$probe/build.log" 2>&1; then
        echo "fuzz $t: FAILED to build"
        tail -n 15 "$probe/build.log" | sed 's/^/    /'
        status=1
        continue
    fi
    if [ "$t" = syscalls ]; then run_syscalls; else run_libfuzzer "$t"; fi
done
exit $status
