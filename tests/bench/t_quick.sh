#!/bin/bash
# t_quick.sh — the benchmark smoke test: `make bench QUICK=1` must exit 0 (every workload gives
# the native answer under every available configuration; plume's only on sanitizer builds) and
# write its JSON result.
# Skips (77) only when plume has not been built. Env from tests/run.sh: ROOT, BUILD.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
if [ ! -x "$ROOT/$BUILD/plume" ]; then
    echo "SKIP: $ROOT/$BUILD/plume does not exist"
    exit 77
fi
case $BUILD in
build) mode=release ;;
build-*) mode=${BUILD#build-} ;;
*) echo "t_quick: cannot tell the build mode of $BUILD"; exit 1 ;;
esac
# A sanitizer build runs plume's configurations only: the qemu-riscv64 ones test nothing of
# plume's, and the whole set would overrun the runner's 120 s limit under ASan (the limit's
# SIGTERM to the process group showed up as "make: *** wait: No child processes").
configs=
case $mode in
asan | tsan) configs='plume*' ;;
esac
json=$ROOT/$BUILD/bench/results/quick.json
rm -f "$json"
make -C "$ROOT" --no-print-directory bench QUICK=1 MODE="$mode" CONFIGS="$configs"
st=$?
if [ "$st" != 0 ]; then
    echo "FAIL: make bench QUICK=1 exited with status $st"
    exit 1
fi
if [ ! -s "$json" ] || ! grep -q '"schema": "plume-bench/1"' "$json"; then
    echo "FAIL: make bench QUICK=1 did not write $json"
    exit 1
fi
echo "PASS: quick benchmark ran and wrote $json"
