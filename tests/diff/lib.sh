# lib.sh — shared by tests/diff/run.sh, t_random.sh and t_regress.sh (sourced, not run).
# Builds the generator, assembles programs, runs them under qemu-riscv64 (the oracle) and
# plume, and compares the dumps with `gen cmp`.
# Needs: ROOT (repository root). Sets: GEN, PLUME (a private copy of the plume under test),
# DIFF_OUT (scratch directory).
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
GEN=$ROOT/$BUILD/tests/diff/gen
RVCC=riscv64-linux-gnu-gcc
DIFF_LEN=${DIFF_LEN:-40}

# Check the tools and build the generator; exit 77 (skip) when the oracle or toolchain is missing.
diff_setup() {
    command -v qemu-riscv64 >/dev/null || { echo "qemu-riscv64 not installed"; exit 77; }
    command -v $RVCC >/dev/null || { echo "$RVCC not installed"; exit 77; }
    [ -x "$PLUME" ] || { echo "no $PLUME (build plume first)"; exit 1; }
    mkdir -p "$(dirname "$GEN")"
    if [ ! -x "$GEN" ] || [ "$ROOT/tests/diff/gen.c" -nt "$GEN" ]; then
        gcc -std=gnu11 -O2 -Wall -Wextra -o "$GEN" "$ROOT/tests/diff/gen.c" || exit 1
    fi
    DIFF_OUT=$(mktemp -d /tmp/plume-diff.XXXXXX)
    trap 'rm -rf "$DIFF_OUT"' EXIT
    # a private copy, so that long runs survive a rebuild of plume under way
    cp "$PLUME" "$DIFF_OUT/plume" && PLUME=$DIFF_OUT/plume
}

# Assemble $1.s into $1.
diff_assemble() {
    $RVCC -nostdlib -static -no-pie -march=rv64gc_zba_zbb_zbs -o "$1" "$1.s"
}

# Run program $1 under both emulators: dumps in $1.qemu and $1.plume; prints a line and
# returns 1 when an exit status differs.
diff_run() {
    timeout -s KILL 60 qemu-riscv64 "$1" >"$1.qemu" 2>"$1.qemu.err"
    local qs=$?
    timeout -s KILL 60 "$PLUME" "$1" >"$1.plume" 2>"$1.plume.err"
    local ps=$?
    if [ $qs != $ps ]; then
        echo "mismatch: exit status $ps under plume, $qs under qemu-riscv64 ($1)"
        tail -n 3 "$1.plume.err"
        return 1
    fi
    return 0
}

# Generate, assemble, run and compare COUNT sequences from SEED, LEN items each ($3).
# Prints gen cmp's verdict; returns its status.
diff_batch() {
    local seed=$1 count=$2 len=${3:-$DIFF_LEN} p=$DIFF_OUT/p$1
    "$GEN" asm "$seed" "$count" "$len" >"$p.s" && diff_assemble "$p" || return 2
    local st=0
    diff_run "$p" || st=1
    "$GEN" cmp "$p.qemu" "$p.plume" || st=1
    return $st
}

# The smallest length at which sequence SEED diverges (0 if it does not within LEN items).
diff_min_len() {
    local seed=$1 len=${2:-$DIFF_LEN} lo=1 hi
    diff_batch "$seed" 1 "$len" >/dev/null && { echo 0; return; }
    hi=$len
    while [ $lo -lt $hi ]; do
        local mid=$(((lo + hi) / 2))
        if diff_batch "$seed" 1 "$mid" >/dev/null; then lo=$((mid + 1)); else hi=$mid; fi
    done
    echo $lo
}
