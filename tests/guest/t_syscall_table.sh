#!/bin/bash
# t_syscall_table.sh — src/linux/syscall.def has a row for every syscall riscv64 Linux has: the
# names the riscv64 kernel headers define (__NR_*, as riscv64 configures asm-generic/unistd.h)
# against the table's names. Numbers are checked by tests/unit/test_syscall.c. Rows for calls
# newer than the headers (riscv_hwprobe, Linux 6.4) are allowed.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v riscv64-linux-gnu-gcc >/dev/null || exit 77
kern=$(echo '#include <asm/unistd.h>' | riscv64-linux-gnu-gcc -dM -E - |
    sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/\1/p' |
    grep -v -x -e syscalls -e arch_specific_syscall | sort)
ours=$(sed -n 's/^SYSCALL([0-9]*, \([a-z0-9_]*\),.*/\1/p' "$ROOT/src/linux/syscall.def" | sort)
missing=$(comm -23 <(echo "$kern") <(echo "$ours"))
extra=$(comm -13 <(echo "$kern") <(echo "$ours") | grep -v -x -e riscv_hwprobe)
[ -z "$missing" ] || { echo "missing from syscall.def:" $missing; exit 1; }
[ -z "$extra" ] || { echo "not riscv64 syscalls:" $extra; exit 1; }
echo "ok: $(echo "$ours" | wc -l) rows, every riscv64 syscall"
