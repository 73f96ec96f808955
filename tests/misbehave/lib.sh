# lib.sh — helpers shared by the tests/misbehave/t_*.sh scripts (sourced, never run on its own).
#
# Expects the runner's environment: ROOT (repo root), BUILD (build dir name), PLUME (emulator);
# falls back to the repo's build/ when run by hand. Guest programs are built from MB_SRC
# (tests/misbehave) into MB_OUT ($ROOT/$BUILD/tests/misbehave); tests/soak sets both first.
# Failed checks print one "FAIL:" line each; `finish` exits 0 if none failed, 1 otherwise.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
MB_SRC=${MB_SRC:-$ROOT/tests/misbehave}
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

# Run plume [plume-options...] exe and require exit status 0 and stdout equal to the file
# expected. Usage: check_expected expected what exe [plume-options...]
check_expected()
{
    local expected=$1 what=$2 exe=$3 out=$MB_OUT/expected.out.$$ st
    shift 3
    timeout 60 "$PLUME" "$@" "$exe" >"$out" 2>"$out.err"
    st=$?
    if [ "$st" != 0 ]; then
        fail "$what: exit status $(status_name "$st")"
        head -n 5 "$out.err" | sed 's/^/    stderr: /'
    elif ! diff -u "$expected" "$out" >"$out.diff"; then
        fail "$what: output differs from $(basename "$expected")"
        grep '^[-+][^-+]' "$out.diff" | head -n 20 | sed 's/^/    /'
    else
        pass "$what: $(wc -l <"$out") lines as expected"
    fi
    rm -f "$out" "$out.err" "$out.diff"
}

have_qemu() { command -v qemu-riscv64 >/dev/null; }

# sanitized: true on a sanitizer build (BUILD build-asan or build-tsan): plume then reserves
# terabytes of shadow memory (no small ulimit -v, no valgrind) and holds freed memory in a
# quarantine (higher, growing RSS).
sanitized() { [[ "$BUILD" == *asan* || "$BUILD" == *tsan* ]]; }

# proc_kib pid field: a /proc/<pid>/status field in KiB (VmRSS, VmHWM), or empty.
proc_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# run_sampled limit-seconds interval cmd...: run cmd in the background (stdin /dev/null, stdout
# and stderr as the caller's) and sample it every interval seconds until it exits, killing it
# after limit seconds. Sets RUN_STATUS (exit status, 124 on timeout), RUN_SECS (wall seconds),
# RUN_PEAK_KIB (largest VmHWM seen), RUN_FIRST_KIB / RUN_LAST_KIB (VmRSS of the first and last
# samples), RUN_MIN_FDS / RUN_MAX_FDS (open descriptors) and RUN_SAMPLES (count). With
# SAMPLE_LOG set, appends one "seconds rss-kib fds" line per sample to that file.
run_sampled()
{
    local limit=$1 interval=$2 pid start now rss hwm fds state
    shift 2
    "$@" </dev/null &
    pid=$!
    start=$(date +%s.%N)
    RUN_PEAK_KIB=0 RUN_FIRST_KIB="" RUN_LAST_KIB="" RUN_MIN_FDS="" RUN_MAX_FDS=0 RUN_SAMPLES=0
    RUN_STATUS=""
    while kill -0 "$pid" 2>/dev/null; do
        rss=$(proc_kib "$pid" VmRSS)
        hwm=$(proc_kib "$pid" VmHWM)
        fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
        now=$(date +%s.%N)
        state=$(awk '$1 == "State:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
        if [ -n "$rss" ] && [ "$state" != Z ]; then
            RUN_SAMPLES=$((RUN_SAMPLES + 1))
            [ -z "$RUN_FIRST_KIB" ] && RUN_FIRST_KIB=$rss
            RUN_LAST_KIB=$rss
            [ "${hwm:-0}" -gt "$RUN_PEAK_KIB" ] && RUN_PEAK_KIB=$hwm
            [ "$fds" -gt "$RUN_MAX_FDS" ] && RUN_MAX_FDS=$fds
            if [ -z "$RUN_MIN_FDS" ] || [ "$fds" -lt "$RUN_MIN_FDS" ]; then RUN_MIN_FDS=$fds; fi
            [ -n "${SAMPLE_LOG:-}" ] &&
                echo "$(awk -v a="$now" -v b="$start" 'BEGIN{printf "%.1f", a-b}') $rss $fds" \
                    >>"$SAMPLE_LOG"
        fi
        if awk -v a="$now" -v b="$start" -v l="$limit" 'BEGIN{exit !(a-b > l)}'; then
            kill -KILL "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            RUN_STATUS=124
            break
        fi
        sleep "$interval"
    done
    if [ -z "$RUN_STATUS" ]; then
        wait "$pid" 2>/dev/null
        RUN_STATUS=$?
    fi
    RUN_SECS=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}')
}

# expect_error what regex cmd...: cmd (plume, possibly under a wrapper) must exit with status 1,
# print nothing on stdout and exactly one stderr line starting with "plume: " and matching the
# case-insensitive extended regex. Wrapper output (valgrind's) is filtered out first: lines
# starting with "==<pid>==".
expect_error()
{
    local what=$1 re=$2 out=$MB_OUT/err.out.$$ err=$MB_OUT/err.err.$$ st lines
    shift 2
    { timeout 120 "$@" >"$out" 2>"$err" </dev/null; } 2>/dev/null
    st=$?
    grep -v '^==[0-9]*==' "$err" >"$err.f"
    lines=$(wc -l <"$err.f")
    if [ "$st" -ge 124 ]; then
        fail "$what: crashed or hung (status $(status_name "$st"))"
    elif [ "$st" -ne 1 ]; then
        fail "$what: exit status $st, expected 1"
    elif [ "$lines" -ne 1 ] || ! grep -q '^plume: ' "$err.f" || ! grep -qEi -- "$re" "$err.f"; then
        fail "$what: expected one 'plume: ' line matching /$re/, got $lines lines"
    elif [ -s "$out" ]; then
        fail "$what: unexpected stdout"
    else
        pass "$what: $(cat "$err.f")"
        rm -f "$out" "$err" "$err.f"
        return 0
    fi
    sed 's/^/    stderr: /' "$err" | head -n 8
    rm -f "$out" "$err" "$err.f"
    return 1
}

# elf_mutate src dst python-statements: copy src to dst (mode 755) after running the statements
# on b, a bytearray of the file, with helpers: u16/u32/u64(off[, value]) read or write
# little-endian fields, phdrs() (offsets of all program headers), loads() (of the PT_LOADs),
# interp() (of PT_INTERP), set_interp(path) (rewrite the PT_INTERP string in place, padded with
# leading slashes to keep its length).
elf_mutate()
{
    python3 - "$1" "$2" "$3" <<'PY' && chmod 755 "$2"
import struct, sys
src, dst, code = sys.argv[1:4]
b = bytearray(open(src, 'rb').read())
def field(fmt, off, val):
    if val is None:
        return struct.unpack_from(fmt, b, off)[0]
    struct.pack_into(fmt, b, off, val)
def u16(off, val=None): return field('<H', off, val)
def u32(off, val=None): return field('<I', off, val)
def u64(off, val=None): return field('<Q', off, val)
def phdrs(): return [u64(32) + 56 * i for i in range(u16(56))]
def loads(): return [p for p in phdrs() if u32(p) == 1]
def interp(): return [p for p in phdrs() if u32(p) == 3][0]
def set_interp(path):
    off, size = u64(interp() + 8), u64(interp() + 32)
    s = path.encode()
    b[off:off + size] = b'/' * (size - 1 - len(s)) + s + b'\0'
exec(code)
open(dst, 'wb').write(b)
PY
}
