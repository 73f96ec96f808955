#!/bin/bash
# t_exit_status.sh — the guest's fate becomes plume's: exit_group(42) gives status 42, a store
# to address 8 kills plume with SIGSEGV (139 in bash), an illegal instruction with SIGILL (132),
# ebreak with SIGTRAP (133); stdout written before the fault is not lost. qemu-riscv64 agrees.
. "$(dirname "$0")/lib.sh"

check_status() { # name expected-status expected-first-line
    local exe st out
    exe=$(build_asm "$1") || { fail "cannot build $1"; return; }
    out=$("$PLUME" "$exe" 2>/dev/null)
    st=$?
    [ "$st" = "$2" ] && pass "$1 exits with $st" || fail "$1: status $st, expected $2"
    if [ -n "$3" ]; then
        [ "$(head -n 1 <<<"$out")" = "$3" ] && pass "$1 stdout kept" ||
            fail "$1: stdout [$out], expected [$3]"
    fi
    if command -v qemu-riscv64 >/dev/null; then
        qemu-riscv64 "$exe" >/dev/null 2>&1
        local qst=$?
        [ "$qst" = "$2" ] || fail "$1: qemu-riscv64 gives $qst (test expectation wrong?)"
    fi
}

check_status exit42 42 ""
check_status hello 0 "hello, world"
check_status loop 20 ""
check_status syscalls 3 "syscalls"
check_status fault 139 "before fault"
check_status illegal 132 "before illegal"
check_status ebreak 133 "before ebreak"
finish
