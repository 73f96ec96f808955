# lib.sh — sourced by the tests/guest/t_*.sh scripts whose programs live in tests/guest/extra.
# Sets ROOT, BUILD, PLUME, SYSROOT, OUT (their build directory) and SRC (tests/guest/extra), and
# defines build_extra NAME static|dynamic [cc flags...]: compile SRC/NAME.c for riscv64 into
# OUT/NAME-<link> and print that path (status 1, nothing printed, if it does not compile).
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
OUT=$ROOT/$BUILD/tests/guest-extra
SRC=$ROOT/tests/guest/extra
mkdir -p "$OUT"

build_extra()
{
    local name=$1 link=$2 lf=""
    shift 2
    [ "$link" = static ] && lf=-static
    riscv64-linux-gnu-gcc -O2 $lf "$@" "$SRC/$name.c" -o "$OUT/$name-$link" >&2 || return 1
    echo "$OUT/$name-$link"
}
