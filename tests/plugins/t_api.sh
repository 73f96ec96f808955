#!/bin/bash
# t_api.sh — run the asserting plugin api_check.c (API v7) on raw-syscall programs with known
# instruction/block/access/syscall totals, and on a dynamically linked C program (no totals);
# every run must print "api_check: ok" and keep the guest's own exit status.
. "$(dirname "$0")/lib.sh"
SO=$TP/libapi_check.so
build_so "$SO"
fail=0
# run name want-status plugin-args guest...
run() {
    local name=$1 want=$2 args=$3
    shift 3
    env -i "$PLUME" -plugin "$SO$args" "$@" >/dev/null 2>"$tmp/err"
    local st=$?
    if [ "$st" != "$want" ] || ! grep -q "^api_check: ok" "$tmp/err"; then
        echo "FAIL $name (status $st, want $want)"; grep -v warning "$tmp/err" | head -5; fail=1
    else
        echo "ok $name"
    fi
}
for s in hello memops syscalls branches; do
    build_raw "$tmp/$s" "tests/asm/$s.S" -march=rv64gc_zba_zbb_zbs || exit 1
done
run hello 0 ,insns=11,blocks=2,syscalls=2,reads=0,writes=0 "$tmp/hello"
run memops 59 ,insns=280,reads=90,writes=60,syscalls=1 "$tmp/memops"
run syscalls 3 ,insns=1102,blocks=217,syscalls=13 "$tmp/syscalls"
run branches 165 ,insns=3410,blocks=818 "$tmp/branches"
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 7; }\n' >"$tmp/c.c"
riscv64-linux-gnu-gcc -O2 "$tmp/c.c" -o "$tmp/c" && run c-dynamic 7 "" "$tmp/c"
exit $fail
