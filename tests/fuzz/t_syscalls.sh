#!/bin/bash
# t_syscalls.sh — random system calls from a guest must not crash plume: runs
# fuzz/guest_syscalls.c (built for riscv64) under $PLUME with fixed seeds 1..SYSFUZZ_SEEDS
# (default 40) x 2000 calls, as user nobody when run as root, in a scratch directory. Each run
# must end with the program's own exit status 42. Prints the seed and reproduction command of
# the first failure.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
PLUME=${PLUME:-$ROOT/build/plume}
[ -x "$PLUME" ] || { echo "no $PLUME"; exit 1; }
command -v riscv64-linux-gnu-gcc >/dev/null || { echo "no riscv64 cross compiler"; exit 77; }
make -s build-fuzz/guest_syscalls || exit 1
exe=$ROOT/build-fuzz/guest_syscalls
dir=$(mktemp -d /tmp/plume-t-sys.XXXXXX)
trap 'rm -rf "$dir"' EXIT
as=()
if [ "$(id -u)" = 0 ]; then
    chown nobody "$dir"
    as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
n=${SYSFUZZ_SEEDS:-40}
for seed in $(seq 1 "$n"); do
    rm -rf "${dir:?}"/* && : >"$dir/.stdin"
    (cd "$dir" && "${as[@]}" timeout -s KILL 60 "$PLUME" "$exe" "$seed" 2000 \
        <"$dir/.stdin" >/dev/null 2>"$dir/.stderr")
    st=$?
    if [ "$st" != 42 ]; then
        echo "FAIL seed $seed: exit $st (expected 42)"
        tail -n 10 "$dir/.stderr"
        echo "reproduce: (cd \$(mktemp -d) && $PLUME $exe $seed 2000 v)"
        exit 1
    fi
done
echo "$n seeds x 2000 random syscalls: plume survived every run"
