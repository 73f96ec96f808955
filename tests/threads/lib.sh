# lib.sh — helpers for the tests/threads/t_*.sh scripts (sourced, never run on its own).
#
# These scripts cover threads, signals and processes where qemu-riscv64 7.2 is wrong or the
# outcome is nondeterministic, so plume runs alone and the script asserts. Expects the runner's
# environment (ROOT, BUILD, PLUME) but works without it. Guest programs are built once into
# $ROOT/$BUILD/tests/threads. Each script calls `finish` last: exit 0 if no check failed, else 1;
# every failed check prints one "FAIL:" line.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
THR_OUT=${THR_OUT:-$ROOT/$BUILD/tests/threads}
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
mkdir -p "$THR_OUT"
thr_failures=0

fail() { echo "FAIL: $*"; thr_failures=$((thr_failures + 1)); }
pass() { echo "ok: $*"; }

finish()
{
    if [ "$thr_failures" -ne 0 ]; then
        echo "$thr_failures check(s) failed"
        exit 1
    fi
    exit 0
}

if [ ! -x "$PLUME" ]; then
    echo "FAIL: $PLUME does not exist"
    exit 1
fi

# build src-path [link: static|dynamic]: compile a riscv64 C/C++ program (tests/guest/x.c,
# tests/threads/x.c, ...) once; prints the binary's path.
build()
{
    local src=$ROOT/$1 link=${2:-static} cc=riscv64-linux-gnu-gcc
    local stem; stem=$(basename "${src%.*}")
    local out=$THR_OUT/$stem-$link lf=""
    [[ "$src" == *.cc ]] && cc=riscv64-linux-gnu-g++
    [ "$link" = static ] && lf=-static
    if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
        $cc -O2 -g $lf "$src" -o "$out.tmp.$$" -lm -lpthread && mv "$out.tmp.$$" "$out" ||
            return 1
    fi
    echo "$out"
}

# now_ms: monotonic-enough wall clock in milliseconds.
now_ms() { date +%s%3N; }
