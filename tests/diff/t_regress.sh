#!/bin/bash
# t_regress.sh — the fixed regression cases in tests/diff/regress/: each NAME.s (a shrunk
# random sequence that once diverged) runs under plume and must give the dump of
# qemu-riscv64, or NAME.expected when the oracle itself is wrong for that case (the .s header
# says why).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/diff/lib.sh"
diff_setup
n=0 bad=0
for s in "$ROOT"/tests/diff/regress/*.s; do
    [ -e "$s" ] || continue
    name=$(basename "$s" .s) p=$DIFF_OUT/$name
    cp "$s" "$p.s" && diff_assemble "$p" || { bad=$((bad + 1)); continue; }
    ref=$p.qemu
    if [ -f "${s%.s}.expected" ]; then
        timeout -s KILL 60 "$PLUME" "$p" >"$p.plume" 2>"$p.plume.err"
        ref=${s%.s}.expected
    else
        diff_run "$p" || { bad=$((bad + 1)); continue; }
    fi
    if ! out=$("$GEN" cmp "$ref" "$p.plume"); then
        echo "$name: $out"
        bad=$((bad + 1))
    fi
    n=$((n + 1))
done
echo "$n regression cases, $bad failed"
[ $bad = 0 ]
