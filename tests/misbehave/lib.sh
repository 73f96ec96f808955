# lib.sh — helpers shared by the tests/misbehave/t_*.sh scripts (sourced, never run on its own).
#
# Expects the runner's environment: ROOT (repo root), BUILD (build dir name), PLUME (emulator);
# falls back to the repo's build/ when run by hand. Guest programs are built into
# $ROOT/$BUILD/tests/misbehave. Failed checks print one "FAIL:" line each; `finish` exits 0 if
# none failed, 1 otherwise.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
MB_SRC=$ROOT/tests/misbehave
MB_OUT=${MB_OUT:-$ROOT/$BUILD/tests/misbehave}
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
mkdir -p "$MB_OUT"
mb_failures=0

fail() { echo "FAIL: $*"; mb_failures=$((mb_failures + 1)); }
pass() { echo "ok: $*"; }

finish()
{
    if [ "$mb_failures" -ne 0 ]; then
        echo "$mb_failures check(s) failed"
        exit 1
    fi
    exit 0
}

if [ ! -x "$PLUME" ]; then
    echo "FAIL: $PLUME does not exist"
    exit 1
fi

# build_guest name static|dynamic [cc-flags...]: compile tests/misbehave/name.c for riscv64 into
# $MB_OUT/name-<link> (rebuilt when the source is newer); prints the binary's path.
build_guest()
{
    local name=$1 link=$2
    shift 2
    local out=$MB_OUT/$name-$link lf=""
    [ "$link" = static ] && lf=-static
    if [ ! -x "$out" ] || [ "$MB_SRC/$name.c" -nt "$out" ]; then
        riscv64-linux-gnu-gcc -O2 -g $lf -Wall "$@" "$MB_SRC/$name.c" -o "$out.tmp.$$" \
            -lpthread && mv "$out.tmp.$$" "$out" || return 1
    fi
    echo "$out"
}

# status_name st: "139 (SIGSEGV)"-style text for an exit status.
status_name()
{
    if [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
        echo "$1 (SIG$(kill -l $(($1 - 128)) 2>/dev/null))"
    else
        echo "$1"
    fi
}

have_qemu() { command -v qemu-riscv64 >/dev/null; }
