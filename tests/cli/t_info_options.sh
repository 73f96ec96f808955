#!/bin/bash
# t_info_options.sh — informational options exit 0 without running a program: -help and -h
# mention -plugin, -version prints a version, -cpu help lists rv64, -d help lists in_asm, strace
# and unimp.
. "$(dirname "$0")/lib.sh"

# check_info what grep-regex plume-args...: exit 0, stdout matches, no crash.
check_info()
{
    local what=$1 re=$2
    shift 2
    local out; out=$(timeout 20 "$PLUME" "$@" 2>&1)
    local st=$?
    if [ "$st" -ne 0 ]; then
        fail "$what: exit status $st"
    elif ! grep -qE -- "$re" <<<"$out"; then
        fail "$what: output does not match /$re/"
        head -n 5 <<<"$out" | sed 's/^/    /'
    else
        pass "$what"
    fi
}

check_info "-help mentions -plugin" '-plugin' -help
check_info "-h mentions -plugin" '-plugin' -h
check_info "--help mentions -plugin" '-plugin' --help
check_info "-version" '[0-9]+\.[0-9]+' -version
check_info "-cpu help lists rv64" 'rv64' -cpu help
check_info "-d help lists in_asm" 'in_asm' -d help
check_info "-d help lists strace" 'strace' -d help
check_info "-d help lists unimp" 'unimp' -d help
out=$("$PLUME" -help 2>/dev/null)
if grep -q -- '-strace' <<<"$out" && grep -q -- '-cpu' <<<"$out" && grep -q -- '-E' <<<"$out"; then
    pass "-help lists -strace, -cpu, -E"
else
    fail "-help does not list -strace, -cpu and -E"
fi
finish
