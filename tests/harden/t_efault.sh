#!/bin/bash
# t_efault.sh — system calls on guest memory the host cannot back give EFAULT, and plume lives.
# efault.c passes buffers on a file page beyond end of file (private and shared mappings) to
# calls whose copy the host kernel makes and to calls whose copy plume makes (converted structs,
# paths, emulated results); Linux answers EFAULT for both, a user-mode load there is SIGBUS, and
# a signal frame that cannot be written kills with SIGSEGV. The output must equal
# efault.expected (the same program's output natively on x86-64), static and dynamic, also
# with -strace (which reads the path arguments itself). The fuzzers' reproducers run too:
# riscv_hwprobe on a misaligned pairs array (0: the pair is filled in) and
# fuzz/crashes/syscalls/efault_beyond_eof.c.
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$MB_SRC/../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/harden
mkdir -p "$MB_OUT"

static=$(build_guest efault static) || { fail "cannot build efault (static)"; finish; }
dynamic=$(build_guest efault dynamic) || { fail "cannot build efault (dynamic)"; finish; }
check_expected "$MB_SRC/efault.expected" "static" "$static"
check_expected "$MB_SRC/efault.expected" "dynamic" "$dynamic"
check_expected "$MB_SRC/efault.expected" "static, -strace" "$static" -strace

crashes=$ROOT/fuzz/crashes/syscalls
if riscv64-linux-gnu-gcc -nostdlib -static -o "$MB_OUT/hwprobe" "$crashes/hwprobe_misaligned.S" &&
    riscv64-linux-gnu-gcc -O2 -static -o "$MB_OUT/beyond_eof" "$crashes/efault_beyond_eof.c"; then
    timeout 60 "$PLUME" "$MB_OUT/hwprobe" 2>"$MB_OUT/hwprobe.err"
    st=$?
    if [ "$st" = 0 ]; then
        pass "riscv_hwprobe, misaligned pairs: 0"
    else
        fail "riscv_hwprobe, misaligned pairs: exit status $(status_name "$st")"
        head -n 5 "$MB_OUT/hwprobe.err" | sed 's/^/    stderr: /'
    fi
    out=$(timeout 60 "$PLUME" "$MB_OUT/beyond_eof" 2>&1)
    want=$'gettimeofday beyond EOF: -1 errno 14\nread into beyond-EOF page: 0'
    if [ "$out" = "$want" ]; then
        pass "efault_beyond_eof reproducer"
    else
        fail "efault_beyond_eof reproducer: got: $out"
    fi
else
    fail "cannot build the fuzz reproducers"
fi
finish
