#!/bin/bash
# t_overflow.sh — infinite recursion (overflow.c). With a SIGSEGV handler on a sigaltstack the
# guest catches the overflow: main thread SEGV_MAPERR (Linux: nothing is mapped below a stack
# that reached RLIMIT_STACK; qemu-riscv64 7.2 says SEGV_ACCERR because it puts a PROT_NONE guard
# page there), second thread SEGV_ACCERR (glibc's PROT_NONE guard page), si_addr just below the
# deepest frame. Without an alternate stack, or without a handler, the guest dies of SIGSEGV
# (139). plume itself must not crash: a plugin's atexit report is written on the way out (a
# host crash would skip it), in bounded time. Also with a 64 MiB guest stack (-s 64M).
. "$(dirname "$0")/lib.sh"

exe=$(build_guest overflow static -Wno-infinite-recursion) ||
    { fail "cannot build overflow"; finish; }
insn=$ROOT/$BUILD/plugins/libinsn.so
[ -f "$insn" ] || { fail "$insn missing"; finish; }
report=$MB_OUT/overflow.report.$$
trap 'rm -f "$report"' EXIT

run() { # what expected-status expected-stdout plume-args...
    local what=$1 want=$2 text=$3 out st start end
    shift 3
    rm -f "$report"
    start=$(date +%s)
    out=$({ timeout 60 "$PLUME" -plugin "$insn,outfile=$report" "$@"; } 2>/dev/null)
    st=$?
    end=$(date +%s)
    if [ "$st" != "$want" ]; then
        fail "$what: status $(status_name "$st"), expected $(status_name "$want")"
    elif [ "$out" != "$text" ]; then
        fail "$what: stdout [$out], expected [$text]"
    elif ! grep -q '^total insns: [1-9]' "$report" 2>/dev/null; then
        fail "$what: no plugin atexit report (plume did not exit through its exit path)"
    else
        pass "$what: $(status_name "$st") in $((end - start)) s ${out:+[$out]}"
    fi
}

line="SIGSEGV SEGV_MAPERR on-altstack=yes addr-near-sp=yes deep=yes"
tline="SIGSEGV SEGV_ACCERR on-altstack=yes addr-near-sp=yes deep=yes"
run "main thread, sigaltstack handler" 0 "overflow: $line" "$exe" altstack
run "main thread, 64M stack, sigaltstack handler" 0 "overflow: $line" -s 64M "$exe" altstack
run "second thread, sigaltstack handler" 0 "overflow (thread): $tline" "$exe" altstack threads
run "main thread, handler without altstack" 139 "" "$exe" handler
run "second thread, handler without altstack" 139 "" "$exe" handler threads
run "main thread, no handler" 139 "" "$exe" none
run "second thread, no handler" 139 "" "$exe" none threads

if have_qemu; then
    q=$({ timeout 60 qemu-riscv64 "$exe" altstack threads; } 2>/dev/null)
    [ "$q" = "overflow (thread): $tline" ] && pass "qemu-riscv64 agrees on the thread case" ||
        fail "qemu-riscv64 thread case gives [$q]"
fi
finish
