#!/bin/bash
# t_fpu_diff.sh — src/riscv/fpu*.c against qemu-riscv64 (~1M cases): see tests/fpu/run.sh.
# Skips (77) when the riscv64 cross compiler or qemu-riscv64 is missing.
cd "$(dirname "$0")/../.."
command -v riscv64-linux-gnu-gcc >/dev/null && command -v qemu-riscv64 >/dev/null || exit 77
exec sh tests/fpu/run.sh 3000
