#!/bin/bash
# t_cosim.sh — co-simulation over the ISA tests, the assembly tests and the static guest
# programs: each runs under `-accel cosim`, which checks every deterministic block the JIT runs
# against the interpreter (registers, pc, fcsr, stored bytes) and dies with a "cosim:" report on
# any difference; stdout and the exit status must also equal the plain JIT run's. Uses the
# binaries the main run built ($BUILD/tests/isa_*, asm_*, guest-*-static; a guest program's
# tests/guest/<name>.args and .stdin as tests/run.sh uses them). malloc_stress is left out: it
# takes half a minute under co-simulation. Exit 0 pass, 1 fail, 77 skip (nothing built yet).
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
PLUME=${PLUME:-$ROOT/$BUILD/plume}
OUT=$ROOT/$BUILD/tests
shopt -s nullglob
bins=("$OUT"/isa_* "$OUT"/asm_* "$OUT"/guest-*-static)
progs=()
for b in "${bins[@]}"; do
    [[ -x $b && $b != *.* && $b != */guest-malloc_stress-static ]] && progs+=("$b")
done
[ ${#progs[@]} = 0 ] && { echo "SKIP: no isa/asm test binaries in $OUT"; exit 77; }

fail=0
for b in "${progs[@]}"; do
    args=() stdin=/dev/null
    if [[ $b == */guest-*-static ]]; then
        name=${b##*/guest-}
        base=$ROOT/tests/guest/${name%-static}
        [ -f "$base.args" ] && read -r -a args <"$base.args"
        [ -f "$base.stdin" ] && stdin=$base.stdin
    fi
    (cd "$OUT" && env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" -accel cosim "$b" \
        "${args[@]}" <"$stdin" >"$b.cosim.out" 2>"$b.cosim.err")
    cst=$?
    (cd "$OUT" && env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" -accel jit "$b" \
        "${args[@]}" <"$stdin" >"$b.jit.out" 2>/dev/null)
    jst=$?
    if grep -q 'cosim:' "$b.cosim.err"; then
        echo "FAIL $(basename "$b"): $(grep 'cosim:' "$b.cosim.err" | head -n 5 | tr '\n' ' ')"
        fail=1
    elif [ $cst != $jst ] || ! cmp -s "$b.cosim.out" "$b.jit.out"; then
        echo "FAIL $(basename "$b"): cosim exit $cst, jit exit $jst, or stdout differs"
        fail=1
    else
        echo "ok $(basename "$b")"
    fi
done
exit $fail
