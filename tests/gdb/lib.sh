# lib.sh — shared helpers of the gdb stub tests (sourced by tests/gdb/t_*.sh).
#
# Each test builds its guests from tests/gdb/*.c, starts plume (or qemu-riscv64) with -g on a
# free TCP port in the background under a timeout, drives gdb-multiarch in batch mode with a
# command list, then checks gdb's transcript and the guest's output and exit status. Every
# background process is killed on exit, whatever happened.
set -u
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
SYSROOT=${SYSROOT:-/usr/riscv64-linux-gnu}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plume-gdb.XXXXXX")
EMU_PID=""
GDB_PID=""

command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch not installed"; exit 77; }

cleanup() {
    [ -n "$GDB_PID" ] && kill -KILL "$GDB_PID" 2>/dev/null
    [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

fail() {
    echo "FAIL: $*"
    exit 1
}

# build_guest name static|dynamic: compile tests/gdb/name.c (-O0 -g) into $WORK; prints the path
# (callers: exe=$(build_guest ...) || fail ...).
build_guest() {
    local exe=$WORK/$1-$2 lf=""
    [ "$2" = static ] && lf=-static
    riscv64-linux-gnu-gcc -O0 -g $lf "$ROOT/tests/gdb/$1.c" -o "$exe" -lpthread -lm >&2 || return 1
    echo "$exe"
}

# A TCP port nobody listens on right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])'
}

# start_emu port out-file command...: run the emulator command in the background (env -i, guest
# stdout and stderr to out-file). Sets EMU_PID.
start_emu() {
    local out=$2
    shift 2
    (exec env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C timeout 30 "$@" >"$out" 2>&1) &
    EMU_PID=$!
}

# wait_emu: wait for the emulator (in this shell: a subshell cannot wait for it); its exit
# status goes to EMU_ST.
wait_emu() {
    EMU_ST=0
    { wait "$EMU_PID"; } 2>/dev/null || EMU_ST=$?
    EMU_PID=""
}

# write_cmds port gdb-commands...: the batch file ($WORK/cmds.gdb): settings, connect to :port
# (or to a unix socket when port contains '/'), then the commands (one per argument).
write_cmds() {
    local port=$1
    shift
    [[ "$port" == */* ]] || port=:$port
    {
        echo "set filename-display basename"
        echo "set sysroot $SYSROOT"
        echo "set confirm off"
        echo "target remote $port"
        printf '%s\n' "$@"
    } >"$WORK/cmds.gdb"
}

# run_gdb port exe out-file gdb-commands...: run the commands in batch mode; the transcript
# (stdout and stderr) goes to out-file.
run_gdb() {
    local port=$1 exe=$2 out=$3
    shift 3
    write_cmds "$port" "$@"
    timeout 30 gdb-multiarch -batch -nx -x "$WORK/cmds.gdb" "$exe" >"$out" 2>&1
}

# start_gdb port exe out-file gdb-commands...: the same in the background; sets GDB_PID (gdb's
# own pid, to signal it). finish_gdb waits for it.
start_gdb() {
    local port=$1 exe=$2 out=$3
    shift 3
    write_cmds "$port" "$@"
    (exec gdb-multiarch -batch -nx -x "$WORK/cmds.gdb" "$exe" >"$out" 2>&1) &
    GDB_PID=$!
}

finish_gdb() {
    { wait "$GDB_PID"; } 2>/dev/null
    GDB_PID=""
}

# expect_line file line: file must contain exactly this line.
expect_line() {
    grep -qxF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "missing line: $2"; }
}

# expect_match file regex: some line of file must match the extended regex.
expect_match() {
    grep -qE -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "no line matches: $2"; }
}
