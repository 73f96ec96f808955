#!/bin/bash
# run.sh — plume's whole test suite (called by `make test`).
#
# Test kinds, each discovered by file name:
#   tests/unit/test_*.c        host unit tests; first line "/* link: src/... */" lists the sources
#   tests/guest/*.c, *.cc      riscv64 C/C++ programs, built static and dynamic, run under plume and
#                              qemu-riscv64: stdout and exit status must match (and name.expected if any)
#   tests/asm/*.S, tests/isa/*.S  raw-syscall assembly programs (-nostdlib), compared the same way
#   tests/**/t_*.sh            scripts: exit 0 pass, 77 skip, anything else fail
# Optional per-program files: name.args (arguments, one line), name.stdin (standard input).
# Usage: tests/run.sh [pattern]   (only tests whose name contains pattern)
# Env: BUILD (default build), PLUME (default $BUILD/plume), TEST_TIMEOUT (seconds per test: 120,
# 300 on sanitizer builds). Ends with "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
export BUILD ROOT
export PLUME=${PLUME:-$ROOT/$BUILD/plume}
export SYSROOT=/usr/riscv64-linux-gnu
export ORACLE_DIR=${PLUME_ORACLE_DIR:-$ROOT/../shared/oracle}
export PLUME_ORACLE_DIR=$ORACLE_DIR
OUT=$ROOT/$BUILD/tests
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
PATTERN=${1:-}
# Per-test limit: sanitizer builds (build-asan, build-tsan) run 2-3 times slower.
case $BUILD in
*asan* | *tsan*) TIMEOUT=${TEST_TIMEOUT:-300} ;;
*) TIMEOUT=${TEST_TIMEOUT:-120} ;;
esac
export TEST_TIMEOUT=$TIMEOUT
GLIB_FLAGS=$(pkg-config --cflags --libs glib-2.0 gmodule-2.0)
RVCC=riscv64-linux-gnu-gcc
RVCXX=riscv64-linux-gnu-g++
GUEST_ENV=(env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C)
pass=0 fail=0 skip=0
failed_names=()

report() { # name status(0 pass, 77 skip, else fail) [log]
    local name=$1 st=$2 log=${3:-}
    if [ "$st" = 0 ]; then
        pass=$((pass + 1)); echo "PASS $name"
    elif [ "$st" = 77 ]; then
        skip=$((skip + 1)); echo "SKIP $name"
    else
        fail=$((fail + 1)); failed_names+=("$name"); echo "FAIL $name"
        [ -n "$log" ] && [ -f "$log" ] && tail -n 25 "$log" | sed 's/^/    /'
    fi
}

want() { [ -z "$PATTERN" ] || [[ "$1" == *"$PATTERN"* ]]; }

run_unit() {
    local src=$1 name; name=unit/$(basename "$src" .c)
    want "$name" || return 0
    local log=$LOGS/${name//\//_}.log exe=$OUT/${name//\//_}
    local link; link=$(head -n 1 "$src" | sed -n 's|^/\* *link: *\(.*\)\*/.*|\1|p')
    local extra=""
    [[ "$link" == *src/plugin/* || "$src" == *plugin* ]] && extra=$GLIB_FLAGS
    if ! gcc -std=gnu11 -O1 -g -D_GNU_SOURCE -Iinclude $link "$src" -o "$exe" -lm -lpthread -ldl \
        $extra >"$log" 2>&1; then
        report "$name" 1 "$log"; return
    fi
    timeout "$TIMEOUT" "$exe" >>"$log" 2>&1
    report "$name" $? "$log"
}

# Compare a guest binary under plume and qemu-riscv64: stdout and exit status.
compare_guest() { # name exe srcbase
    local name=$1 exe=$2 base=$3 log=$LOGS/${1//\//_}.log
    local args=() stdin=/dev/null
    [ -f "$base.args" ] && read -r -a args <"$base.args"
    [ -f "$base.stdin" ] && stdin=$ROOT/$base.stdin
    local po=$OUT/${name//\//_}.plume.out qo=$OUT/${name//\//_}.qemu.out
    # The subshells' own stderr is dropped: bash would print a line there for every guest that
    # dies of a signal (several tests expect that), which is noise in the suite's output.
    (cd "$OUT" && timeout "$TIMEOUT" "${GUEST_ENV[@]}" "$PLUME" "$exe" "${args[@]}" <"$stdin" >"$po" 2>"$log.plume.err") 2>/dev/null
    local pst=$?
    (cd "$OUT" && timeout "$TIMEOUT" "${GUEST_ENV[@]}" qemu-riscv64 -L "$SYSROOT" "$exe" "${args[@]}" <"$stdin" >"$qo" 2>"$log.qemu.err") 2>/dev/null
    local qst=$?
    {
        echo "plume exit $pst, qemu exit $qst"
        diff "$qo" "$po" | head -n 30
        tail -n 5 "$log.plume.err"
    } >"$log"
    local st=0
    [ "$pst" = "$qst" ] || st=1
    cmp -s "$po" "$qo" || st=1
    if [ -f "$base.expected" ] && ! cmp -s "$po" "$base.expected"; then
        echo "stdout differs from $base.expected" >>"$log"; st=1
    fi
    report "$name" $st "$log"
}

run_guest() {
    local src=$1 base=${1%.*} stem; stem=$(basename "$base")
    local cc=$RVCC flags="-O2 -g" libs="-lm"
    [[ "$src" == *.cc ]] && cc=$RVCXX
    grep -q 'pthread' "$src" && libs="$libs -lpthread"
    for link in static dynamic; do
        local name=guest/$stem-$link
        want "$name" || continue
        local exe=$OUT/guest-$stem-$link log=$LOGS/guest_$stem-$link.build.log
        local lf=""; [ $link = static ] && lf=-static
        if ! $cc $flags $lf "$src" -o "$exe" $libs >"$log" 2>&1; then
            report "$name" 1 "$log"; continue
        fi
        compare_guest "$name" "$exe" "$base"
    done
}

run_asm() {
    local src=$1 base=${1%.*} dir; dir=$(basename "$(dirname "$src")")
    local name=$dir/$(basename "$base")
    want "$name" || return 0
    local exe=$OUT/${name//\//_} log=$LOGS/${name//\//_}.build.log
    if ! $RVCC -nostdlib -static -march=rv64gc_zba_zbb_zbs -Itests/asm "$src" -o "$exe" >"$log" 2>&1; then
        report "$name" 1 "$log"; return
    fi
    compare_guest "$name" "$exe" "$base"
}

run_script() {
    local s=$1 name=${1#tests/}; name=${name%.sh}
    want "$name" || return 0
    local log=$LOGS/${name//\//_}.log
    timeout "$TIMEOUT" bash "$s" >"$log" 2>&1
    report "$name" $? "$log"
}

if [ ! -x "$PLUME" ]; then
    echo "FAIL build: $PLUME does not exist (run make first)"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

for f in $(ls tests/unit/test_*.c 2>/dev/null | sort); do run_unit "$f"; done
for f in $(ls tests/guest/*.c tests/guest/*.cc 2>/dev/null | sort); do run_guest "$f"; done
for f in $(ls tests/asm/*.S tests/isa/*.S 2>/dev/null | sort); do run_asm "$f"; done
for f in $(find tests -name 't_*.sh' | sort); do run_script "$f"; done

if [ ${#failed_names[@]} -gt 0 ]; then
    echo "failed: ${failed_names[*]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
