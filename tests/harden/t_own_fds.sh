#!/bin/bash
# t_own_fds.sh — the guest cannot close or take over plume's own descriptors. With -D, the log
# file sits on a high descriptor (16 below the soft RLIMIT_NOFILE); ownfd.c finds it and gets
# EBADF from close, dup, dup3 (either side) and fcntl on it, close_range(3, ~0) succeeds and
# leaves it open (logging goes on: the log still shows the guest's last calls), and the next
# open gets descriptor 3 (compared with ownfd.expected). Static and dynamic, and under a
# 64-descriptor limit. Without -D every descriptor is the guest's. The plugin core's
# /proc/self/mem descriptor (opened when a plugin reads a page the host cannot read directly) is
# protected the same way: `ownfd --plugin` under the memread test plugin.
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$MB_SRC/../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/harden
mkdir -p "$MB_OUT"

check_run() { # what exe [ulimit -n]
    local what=$1 exe=$2 nofile=${3:-} out=$MB_OUT/ownfd.out.$$ log=$MB_OUT/ownfd.log.$$ st
    (
        [ -n "$nofile" ] && ulimit -n "$nofile"
        exec timeout 60 "$PLUME" -D "$log" -d strace "$exe" "$log"
    ) >"$out" 2>"$out.err"
    st=$?
    if [ "$st" != 0 ]; then
        fail "$what: exit status $(status_name "$st")"
        head -n 5 "$out.err" | sed 's/^/    stderr: /'
    elif ! diff -u "$MB_SRC/ownfd.expected" "$out" >"$out.diff"; then
        fail "$what: output differs from ownfd.expected"
        grep '^[-+][^-+]' "$out.diff" | head -n 20 | sed 's/^/    /'
    elif ! grep -q '^[0-9]* getppid() = ' "$log" || ! grep -q 'exit_group(0)' "$log"; then
        fail "$what: the log stopped after close_range"
        tail -n 3 "$log" | sed 's/^/    log: /'
    else
        pass "$what: refused, log intact"
    fi
    rm -f "$out" "$out.err" "$out.diff" "$log"
}

static=$(build_guest ownfd static) || { fail "cannot build ownfd (static)"; finish; }
dynamic=$(build_guest ownfd dynamic) || { fail "cannot build ownfd (dynamic)"; finish; }
check_run "static" "$static"
check_run "dynamic" "$dynamic"
check_run "static, ulimit -n 64" "$static" 64

: >"$MB_OUT/not-a-log"
out=$(timeout 60 "$PLUME" "$static" "$MB_OUT/not-a-log" 2>&1)
want=$(printf '%s\n' "log descriptor above 2: no" "close_range(3, ~0): ok" \
    "close_range(3, 3) of a closed descriptor: ok" "close_range(5, 4): Invalid argument" \
    "next open: 3")
if [ "$out" = "$want" ]; then
    pass "without -D"
else
    fail "without -D: got: $out"
fi

make -s "$BUILD/tests/plugins/libmemread.so" >/dev/null || fail "cannot build the memread plugin"
out=$(timeout 60 "$PLUME" -plugin "$ROOT/$BUILD/tests/plugins/libmemread.so" "$static" --plugin 2>&1)
want=$(printf '%s\n' "memread: guest bytes" "plugin descriptor above 2: yes" \
    "close: Bad file descriptor" "dup3 onto: Bad file descriptor" "close_range(3, ~0): ok" \
    "memread: guest bytes")
if [ "$out" = "$want" ]; then
    pass "plugin core's /proc/self/mem descriptor: refused, still readable"
else
    fail "plugin core's descriptor: got: $out"
fi
finish
