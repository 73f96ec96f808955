#!/bin/bash
# t_random.sh — differential test: 200 random instruction sequences (fixed seeds 1..200, four
# programs of 50) under qemu-riscv64 and plume; register dumps, fcsr and a scratch-memory
# checksum must be identical. A mismatch prints the seed and the first differing register
# (shrink it with tests/diff/run.sh --min SEED).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/diff/lib.sh"
diff_setup
for seed in 1 51 101 151; do
    diff_batch $seed 50 || exit 1
done
echo "200 sequences identical"
