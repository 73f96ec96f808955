#!/bin/bash
# t_logging.sh — -strace prints a line containing "write(1," for the hello program on stderr
# (stdout unchanged); -d in_asm prints the hello program's instructions in QEMU's format
# (block header, "0x<16 hex>:  <encoding>  <text>" lines, including the ecall at the entry
# block's end); -D file -d in_asm writes the same to the file and nothing to stderr; -d unimp
# logs the unknown syscall 500 once while the guest sees -ENOSYS (-38) twice.
. "$(dirname "$0")/lib.sh"

hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
enosys=$(build_asm enosys) || { fail "cannot build enosys"; finish; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PLUME" -strace "$hello" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 0 ] && pass "-strace exit 0" || fail "-strace: status $st"
[ "$(cat "$tmp/out")" = "hello, world" ] && pass "-strace stdout" || fail "-strace changed stdout"
grep -q 'write(1,' "$tmp/err" && pass "-strace shows write(1," ||
    { fail "-strace: no 'write(1,' on stderr"; head -n 5 "$tmp/err" | sed 's/^/    /'; }
grep -q 'exit_group(0' "$tmp/err" && pass "-strace shows exit_group(0" ||
    fail "-strace: no 'exit_group(0' on stderr"

entry=$(printf '0x%016x' "$(get_le "$hello" 24 8)")
"$PLUME" -d in_asm "$hello" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 0 ] && pass "-d in_asm exit 0" || fail "-d in_asm: status $st"
[ "$(cat "$tmp/out")" = "hello, world" ] && pass "-d in_asm stdout" ||
    fail "-d in_asm changed stdout"
check_in_asm() { # file label
    if grep -q "^$entry:  " "$1" && grep -qE '^0x[0-9a-f]{16}:  00000073          ecall' "$1" &&
        grep -qE '^0x[0-9a-f]{16}:  [0-9a-f]{4}              [a-z]' "$1" &&
        grep -qx -- '----------------' "$1" && grep -q '^IN:' "$1"; then
        pass "$2 has the entry block in QEMU's format"
    else
        fail "$2 lacks the entry block ($entry) in QEMU's format"
        head -n 12 "$1" | sed 's/^/    /'
    fi
    local bad
    bad=$(grep -E '^0x' "$1" | grep -vE '^0x[0-9a-f]{16}:  ([0-9a-f]{4}              |[0-9a-f]{8}          )[a-z]' | head -n 3)
    [ -z "$bad" ] && pass "$2 instruction lines well formed" || fail "$2 malformed lines: $bad"
}
check_in_asm "$tmp/err" "-d in_asm stderr"

"$PLUME" -D "$tmp/log" -d in_asm "$hello" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 0 ] && pass "-D exit 0" || fail "-D: status $st"
[ -s "$tmp/err" ] && fail "-D: stderr not empty: $(head -n 2 "$tmp/err")" || pass "-D: stderr empty"
[ -f "$tmp/log" ] && check_in_asm "$tmp/log" "-D log file" || fail "-D: no log file"
expect_error "-D unwritable" 'log|open|cannot|directory|no such' -D "$tmp/nodir/log" -d in_asm "$hello"

"$PLUME" -d unimp "$enosys" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 0 ] && pass "-d unimp exit 0" || fail "-d unimp: status $st"
n=$(grep -c 'ffffffffffffffda' "$tmp/out")
[ "$n" = 2 ] && pass "syscall 500 returns -ENOSYS twice" || fail "syscall 500 results: $(cat "$tmp/out")"
n=$(grep -cw '500' "$tmp/err")
[ "$n" = 1 ] && pass "-d unimp logs syscall 500 once: $(grep -w 500 "$tmp/err")" ||
    { fail "-d unimp: $n lines mention 500, expected 1"; head -n 5 "$tmp/err" | sed 's/^/    /'; }
"$PLUME" "$enosys" >"$tmp/out" 2>"$tmp/err"
[ -s "$tmp/err" ] && fail "without -d unimp, stderr not empty: $(head -n 1 "$tmp/err")" ||
    pass "no unimp log by default"
finish
