# lib.sh — helpers shared by the tests/cli/t_*.sh scripts (sourced, never run on its own).
#
# Expects the runner's environment: ROOT (repo root), BUILD (build dir name), PLUME (emulator).
# Binaries are built once into $ROOT/$BUILD/tests/cli (or $CLI_OUT). Each script calls `finish`
# last: it exits 0 if no check failed, 1 otherwise; failed checks print one "FAIL:" line each.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
CLI_OUT=${CLI_OUT:-$ROOT/$BUILD/tests/cli}
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
mkdir -p "$CLI_OUT"
cli_failures=0

fail() { echo "FAIL: $*"; cli_failures=$((cli_failures + 1)); }
pass() { echo "ok: $*"; }

finish()
{
    if [ "$cli_failures" -ne 0 ]; then
        echo "$cli_failures check(s) failed"
        exit 1
    fi
    exit 0
}

if [ ! -x "$PLUME" ]; then
    echo "FAIL: $PLUME does not exist"
    exit 1
fi

# build_asm name: assemble tests/asm/name.S (static, -nostdlib); prints the binary's path.
build_asm()
{
    local out=$CLI_OUT/asm-$1
    if [ ! -x "$out" ] || [ "$ROOT/tests/asm/$1.S" -nt "$out" ] || [ "$ROOT/tests/asm/sys.h" -nt "$out" ]; then
        riscv64-linux-gnu-gcc -nostdlib -static -march=rv64gc_zba_zbb_zbs -I"$ROOT/tests/asm" \
            "$ROOT/tests/asm/$1.S" -o "$out.tmp.$$" && mv "$out.tmp.$$" "$out" || return 1
    fi
    echo "$out"
}

# build_guest name: compile tests/guest/name.c static; prints the binary's path.
build_guest()
{
    local out=$CLI_OUT/guest-$1
    if [ ! -x "$out" ] || [ "$ROOT/tests/guest/$1.c" -nt "$out" ]; then
        riscv64-linux-gnu-gcc -O2 -static "$ROOT/tests/guest/$1.c" -o "$out.tmp.$$" -lm &&
            mv "$out.tmp.$$" "$out" || return 1
    fi
    echo "$out"
}

# expect_error what keyword-regex plume-args...: plume must exit with status 1 (no crash), print
# nothing on stdout, and exactly one stderr line, starting with "plume: " and matching the
# case-insensitive extended regex.
expect_error()
{
    local what=$1 re=$2
    shift 2
    local err=$CLI_OUT/err.$$ out=$CLI_OUT/out.$$
    timeout 20 "$PLUME" "$@" >"$out" 2>"$err" </dev/null
    local st=$?
    local lines; lines=$(wc -l <"$err")
    local ok=1
    if [ "$st" -ge 128 ]; then
        fail "$what: plume crashed (status $st)"; ok=0
    elif [ "$st" -ne 1 ]; then
        fail "$what: exit status $st, expected 1"; ok=0
    fi
    if [ "$lines" -ne 1 ]; then
        fail "$what: $lines stderr lines, expected exactly 1"; ok=0
    fi
    if ! head -n 1 "$err" | grep -q '^plume: '; then
        fail "$what: stderr does not start with 'plume: '"; ok=0
    fi
    if ! grep -qEi -- "$re" "$err"; then
        fail "$what: stderr does not match /$re/"; ok=0
    fi
    if [ -s "$out" ]; then
        fail "$what: unexpected stdout"; ok=0
    fi
    [ $ok = 1 ] && pass "$what: $(head -n 1 "$err")"
    [ $ok = 1 ] || sed 's/^/    stderr: /' "$err" | head -n 5
    rm -f "$err" "$out"
}

# put_le file offset size value: overwrite size (1, 2, 4, 8) bytes at offset, little-endian.
put_le()
{
    local file=$1 off=$2 size=$3 val=$4 bytes="" i
    for ((i = 0; i < size; i++)); do
        bytes+=$(printf '\\x%02x' $(((val >> (8 * i)) & 0xff)))
    done
    printf "$bytes" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

# get_le file offset size: read an unsigned little-endian value.
get_le()
{
    local v=0 i b
    local -a arr
    read -r -a arr <<<"$(od -An -tu1 -j "$2" -N "$3" "$1")"
    for ((i = $3 - 1; i >= 0; i--)); do
        v=$(((v << 8) | arr[i]))
    done
    echo "$v"
}

# first_load_phdr file: file offset of the first PT_LOAD program header.
first_load_phdr()
{
    local phoff phnum i off
    phoff=$(get_le "$1" 32 8)
    phnum=$(get_le "$1" 56 2)
    for ((i = 0; i < phnum; i++)); do
        off=$((phoff + i * 56))
        if [ "$(get_le "$1" "$off" 4)" = 1 ]; then
            echo "$off"
            return 0
        fi
    done
    return 1
}
