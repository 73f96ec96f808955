#!/bin/bash
# t_forkbomb.sh — fork bombs bounded by RLIMIT_NPROC (forkbomb.c): the guest lowers the limit,
# forks (flat: one parent; tree: every child forks too) until fork fails with EAGAIN, then the
# whole tree is released, reaped and gone, within seconds. Root ignores RLIMIT_NPROC, so as root
# the guest runs under an otherwise unused uid through setpriv (skip, 77, if setpriv is missing
# or cannot run plume); as an ordinary user the limit is raised by the tasks it already has.
# Afterwards no process of that uid may remain. qemu-riscv64 7.2 is not compared: it aborts
# (its per-process RCU thread cannot be created once the limit is reached).
. "$(dirname "$0")/lib.sh"

exe=$(build_guest forkbomb static) || { fail "cannot build forkbomb"; finish; }
if [ "$(id -u)" = 0 ]; then
    uid=$((50000 + $$ % 10000))
    as_user=(setpriv --reuid=$uid --regid=$uid --clear-groups)
    if ! command -v setpriv >/dev/null || ! "${as_user[@]}" "$PLUME" -version >/dev/null 2>&1; then
        echo "running as root and plume cannot run as uid $uid through setpriv: skipping"
        exit 77
    fi
    base=0
else
    uid=$(id -u)
    as_user=()
    base=$(ps -L -u "$uid" --no-headers 2>/dev/null | wc -l)
fi

bomb() { # mode tasks-allowed
    local limit=$((base + $2)) out err start secs st left
    err=$MB_OUT/forkbomb.err.$$
    start=$(date +%s)
    out=$(timeout -s KILL 60 "${as_user[@]}" "$PLUME" "$exe" "$limit" "$1" 2>"$err")
    st=$?
    secs=$(($(date +%s) - start))
    local want="forkbomb: processes within the limit, fork errors: EAGAIN only; all reaped"
    if [ "$st" != 0 ] || [ "$out" != "$want" ]; then
        fail "$1 bomb (RLIMIT_NPROC $limit): status $(status_name "$st"), stdout [$out]"
        head -n 5 "$err" | sed 's/^/    stderr: /'
    elif [ "$secs" -gt 30 ]; then
        fail "$1 bomb (RLIMIT_NPROC $limit): took $secs s"
    else
        pass "$1 bomb (RLIMIT_NPROC $limit): $(tail -n 1 "$err" | sed 's/^forkbomb: //'), ${secs} s"
    fi
    rm -f "$err"
    if [ "$(id -u)" = 0 ]; then
        sleep 0.2
        left=$(pgrep -u "$uid" | wc -l)
        if [ "$left" != 0 ]; then
            fail "$1 bomb: $left processes of uid $uid left behind"
            kill -KILL $(pgrep -u "$uid") 2>/dev/null
        fi
    fi
}

bomb flat 40
bomb tree 40
bomb tree 200
finish
