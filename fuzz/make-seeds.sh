#!/bin/bash
# make-seeds.sh — regenerate the seed corpora in fuzz/corpus/ (checked in; rerun only to change
# them). Needs the riscv64 cross toolchain. Seeds are kept small: libFuzzer derives its default
# maximum input length from them.
#   elf/         static ET_EXEC (with and without .symtab), static PIE, dynamic PIE with PT_INTERP
#   decode/      8-byte pc + the .text of those programs (compressed and 32-bit encodings)
#   plugin_opt/  -plugin strings, several per file separated by NUL bytes
set -eu
cd "$(dirname "$0")"
CC=riscv64-linux-gnu-gcc
OBJCOPY=riscv64-linux-gnu-objcopy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf corpus && mkdir -p corpus/elf corpus/decode corpus/plugin_opt

cat >"$tmp/tiny.S" <<'EOF'
    .globl _start
_start:
    li a0, 0
    li a7, 93
    ecall
    .data
d:  .word 1
    .bss
b:  .space 8192
EOF
cat >"$tmp/hello.c" <<'EOF'
#include <stdio.h>
int main(void) { puts("hi"); return 0; }
EOF
$CC -nostdlib -static -no-pie -s -Wl,--build-id=none -o corpus/elf/static_exec "$tmp/tiny.S"
$CC -nostdlib -static -no-pie -Wl,--build-id=none -o corpus/elf/static_exec_symtab "$tmp/tiny.S"
$CC -nostdlib -static-pie -fPIE -s -Wl,--build-id=none -o corpus/elf/static_pie "$tmp/tiny.S"
$CC -Os -s -o corpus/elf/dynamic_pie "$tmp/hello.c"

for f in static_exec dynamic_pie; do
    printf '\x00\x00\x01\x00\x00\x00\x00\x00' >"corpus/decode/$f"
    $OBJCOPY -O binary -j .text "corpus/elf/$f" "$tmp/text"
    head -c 2048 "$tmp/text" >>"corpus/decode/$f"
done
# a few hand-written encodings mixing 16- and 32-bit forms, an all-zero (illegal) halfword and a
# vector instruction (disassembled, never executed)
printf '\x00\x00\x40\x00\x00\x00\x00\x00\x48\x00\xd3\x70\x31\x02\xaf\x22\xb5\x0e\x73\x25\x10\x00\xb3\x25\xb5\x20\x00\x00\x57\x70\x00\x00' \
    >corpus/decode/mixed

printf './libfoo.so,arg=1,,2,verbose,nocolor,id=x' >corpus/plugin_opt/basic
printf 'file=a.so,k=v\0file=b.so,x=y=z\0file=a.so,arg=on,arg=q=1' >corpus/plugin_opt/multi
printf 'a.so,help=on\0b.so,,x\0file=,k=v' >corpus/plugin_opt/edge
printf 'k=v' >corpus/plugin_opt/nofile
printf 'x.so,k=?' >corpus/plugin_opt/help
