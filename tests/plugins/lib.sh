# lib.sh — the common start of the tests/plugins/t_*.sh scripts (sourced first, never run on its
# own): strict mode, the repo root as working directory, B (build dir), PLUME, TP (where the test
# plugins are built), a temp dir $tmp removed on exit, and helpers that build plugins and
# raw-syscall guests and judge a single plugin run.

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
B=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$B/plume}
TP=$ROOT/$B/tests/plugins
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build_so path...: make these plugin libraries ($TP/lib<name>.so, $ROOT/$B/plugins/lib<name>.so);
# exits the script with status 1 if make fails.
build_so()
{
    make -s "${@#"$ROOT"/}" >/dev/null || exit 1
}

# build_raw out src.S [cc-flags...]: a static raw-syscall guest (-nostdlib, tests/asm on the
# include path for sys.h); the compiler's status.
build_raw()
{
    local out=$1 src=$2
    shift 2
    riscv64-linux-gnu-gcc -nostdlib -static "$@" -Itests/asm "$src" -o "$out"
}

# run_ok status want verdict: true if a plugin run that wrote its stderr to $tmp/err ended with
# status want, printed a line starting with verdict and no line containing FAIL.
run_ok()
{
    [ "$1" = "$2" ] && grep -q "^$3" "$tmp/err" && ! grep -q FAIL "$tmp/err"
}
