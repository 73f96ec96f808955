#!/bin/bash
# t_bundled.sh — the bundled plugins (plugins/*.c): known counts on raw-syscall programs
# (hello.S: one write and exit_group; memops.S: 280 instructions in 11 blocks, 90 reads, 60
# writes; threads_raw.S with 8 threads: 24384 instructions over 9 vCPUs), inline and callback
# modes agreeing, and the report destinations: with -d plugin the report is on stderr (QEMU's
# behaviour), without it nothing is printed, outfile=<path> writes the same report to the file
# without -d plugin, outfile=- to stderr; an unusable outfile or an unknown option refuses to
# load (status 1).
. "$(dirname "$0")/lib.sh"
PL=$ROOT/$B/plugins
build_so "$PL"/lib{insn,bb,mem,syscall,hotblocks}.so
fail=0
for s in hello memops; do
    build_raw "$tmp/$s" "tests/asm/$s.S" || exit 1
done
build_raw "$tmp/raw8" tests/plugins/threads_raw.S -DNT=8 -DITER=1000 || exit 1

# check name plugin-with-options guest expected-lines...: the report through -d plugin contains
# every expected line, and equals the outfile= and outfile=- reports; no report without either.
check() {
    local name=$1 so=$2 guest=$3 line ok=1
    shift 3
    env -i "$PLUME" -d plugin -plugin "$so" "$guest" >/dev/null 2>"$tmp/log"
    env -i "$PLUME" -plugin "$so,outfile=$tmp/file" "$guest" >/dev/null 2>"$tmp/quiet1"
    env -i "$PLUME" -plugin "$so,outfile=-" "$guest" >/dev/null 2>"$tmp/stderr"
    env -i "$PLUME" -plugin "$so" "$guest" >/dev/null 2>"$tmp/quiet2"
    for line in "$@"; do
        grep -qxF -- "$line" "$tmp/log" || { echo "FAIL $name: no line '$line'"; ok=0; }
    done
    cmp -s "$tmp/log" "$tmp/file" || { echo "FAIL $name: outfile= report differs"; ok=0; }
    cmp -s "$tmp/log" "$tmp/stderr" || { echo "FAIL $name: outfile=- report differs"; ok=0; }
    if [ -s "$tmp/quiet1" ] || [ -s "$tmp/quiet2" ]; then
        echo "FAIL $name: report without -d plugin"; ok=0
    fi
    if [ $ok = 1 ]; then echo "ok $name"; else head -n 5 "$tmp/log"; fail=1; fi
}

check insn-inline "$PL/libinsn.so" "$tmp/raw8" "total insns: 24384"
check insn-cb "$PL/libinsn.so,inline=off" "$tmp/raw8" "total insns: 24384" "cpu 0 insns: 248" \
    "cpu 8 insns: 3017"
check bb-inline "$PL/libbb.so" "$tmp/memops" "total: bb's: 11, insns: 280" \
    "cpu 0: bb's: 11, insns: 280"
check bb-cb "$PL/libbb.so,inline=off" "$tmp/raw8" "cpu 8: bb's: 1004, insns: 3017" \
    "total: bb's: 8082, insns: 24384"
check mem-inline "$PL/libmem.so" "$tmp/memops" "reads: 90, writes: 60"
check mem-cb "$PL/libmem.so,inline=off,rw=w" "$tmp/memops" "reads: 0, writes: 60"
check mem-trace "$PL/libmem.so,trace=on,rw=r" "$tmp/memops" "reads: 90, writes: 0"
[ "$(grep -c '^0 0x[0-9a-f]* R [1248] 0x[0-9a-f]* 0x[0-9a-f]*$' "$tmp/log")" = 90 ] ||
    { echo "FAIL mem-trace: not 90 read trace lines"; fail=1; }
msg=$(riscv64-linux-gnu-nm "$tmp/hello" | sed -n 's/^0*\([0-9a-f]*\) r msg$/\1/p')
check syscall "$PL/libsyscall.so" "$tmp/hello" "[0] write(0x1, 0x$msg, 0xd) = 0xd" \
    "[0] exit_group(0x0) = ?" "       1        0  write" "       1        0  exit_group"
check hotblocks "$PL/libhotblocks.so,n=1" "$tmp/memops" "3 distinct blocks, top 1:"
grep -A1 '^pc 0x[0-9a-f]*, 27 insns, 9 executions, 1 translations$' "$tmp/log" |
    grep -q '^  0x[0-9a-f]*: sb  *t0,0(s0)$' ||
    { echo "FAIL hotblocks: no 27-instruction block executed 9 times, starting with sb"; fail=1; }

for bad in "libinsn.so,outfile=$tmp/no/such/dir/f" "libbb.so,colour=on" "libhotblocks.so,n=x"; do
    env -i "$PLUME" -plugin "$PL/$bad" "$tmp/hello" >/dev/null 2>"$tmp/err"
    st=$?
    if [ "$st" != 1 ] || ! grep -q "Could not load plugin" "$tmp/err"; then
        echo "FAIL $bad: status $st"; cat "$tmp/err"; fail=1
    else
        echo "ok refused $bad"
    fi
done
exit $fail
