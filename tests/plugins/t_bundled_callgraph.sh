#!/bin/bash
# t_bundled_callgraph.sh — the callgraph plugin on guests/fib.c (static, -O0): fib(15) from main
# makes exactly 1973 calls of fib (main -> fib 1, fib -> fib 1972); with 4 threads each calling
# fib(12) from worker, 3833 calls (worker -> fib 4, start_thread -> worker 4, fib -> fib 3828);
# fib calls nothing else, so its inclusive count equals its exclusive count; the exclusive
# counts of all functions sum to the insn plugin's total for the same run (both engines);
# bad options refuse to load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/lib{callgraph,insn}.so
riscv64-linux-gnu-gcc -O0 -static -pthread tests/plugins/guests/fib.c -o "$tmp/fib" || exit 1

# run name accel args...: insn and callgraph in one run; $tmp/name.txt, $tmp/name.insn
run() {
    local name=$1 accel=$2
    shift 2
    env -i "$PLUME" -accel "$accel" -plugin "$PL/libinsn.so,outfile=$tmp/$name.insn" \
        -plugin "$PL/libcallgraph.so,n=100000,outfile=$tmp/$name.txt" "$tmp/fib" "$@" >/dev/null
}
func() { sed -n '2,/^caller/p' "$tmp/$1.txt" |
    awk -v f="$2" '$1 == f && NF == 4 {print $2, ($3 == $4 ? "incl=excl" : "incl!=excl")}'; }
edge() { awk -v a="$2" -v b="$3" '$1 == a && $2 == "->" && $3 == b {print $4}' "$tmp/$1.txt"; }
excl_sum() { sed -n '2,/^caller/p' "$tmp/$1.txt" | awk 'NF == 4 {s += $4} END {print s}'; }

run single interp
if [ "$(func single fib)" = "1973 incl=excl" ] && [ "$(edge single main fib)" = 1 ] &&
    [ "$(edge single fib fib)" = 1972 ] && [ "$(func single main | cut -d' ' -f1)" = 1 ]; then
    ok fib-single
else
    bad fib-single "fib: $(func single fib), main->fib $(edge single main fib)"; head "$tmp/single.txt"
fi
[ "$(excl_sum single)" = "$(sed -n 's/^total insns: //p' "$tmp/single.insn")" ] && ok excl-sum ||
    bad excl-sum "exclusive counts sum to $(excl_sum single)"

for accel in interp jit; do
    run "t$accel" $accel 4
    n=t$accel
    if [ "$(func $n fib)" = "3833 incl=excl" ] && [ "$(edge $n worker fib)" = 4 ] &&
        [ "$(edge $n start_thread worker)" = 4 ] && [ "$(edge $n fib fib)" = 3828 ] &&
        [ "$(excl_sum $n)" = "$(sed -n 's/^total insns: //p' "$tmp/$n.insn")" ]; then
        ok "threads-$accel"
    else
        bad "threads-$accel" "fib: $(func $n fib), sum $(excl_sum $n)"
    fi
done
env -i "$PLUME" -plugin "$PL/libcallgraph.so,n=3,outfile=$tmp/top.txt" "$tmp/fib" >/dev/null
[ "$(wc -l <"$tmp/top.txt")" = 8 ] && ok top-n || bad top-n "n=3 is not 3 + 3 rows"

refuses bad-option "$PL/libcallgraph.so,colour=on" "$tmp/fib"
refuses bad-count "$PL/libcallgraph.so,n=many" "$tmp/fib"
exit $fail
