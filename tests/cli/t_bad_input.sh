#!/bin/bash
# t_bad_input.sh — bad guest programs: each must give exit status 1, exactly one "plume: ..." line
# on stderr naming the problem, and no crash. Missing file, a directory, a text file, an x86-64
# ELF, a 32-bit ELF, a truncated riscv64 ELF, and corrupt program headers (e_phoff beyond EOF,
# huge e_phnum, p_filesz > p_memsz, a segment beyond 2^38).
. "$(dirname "$0")/lib.sh"

hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_error "missing file" 'no such file|not found|does not exist' "$tmp/does-not-exist"
expect_error "directory" 'directory' "$tmp"

printf '#!/bin/sh\necho this is not an ELF file\n' >"$tmp/text"
chmod +x "$tmp/text"
expect_error "text file" 'elf|format|executable' "$tmp/text"

: >"$tmp/empty"
chmod +x "$tmp/empty"
expect_error "empty file" 'elf|format|executable|truncated|short|empty|small' "$tmp/empty"

expect_error "x86-64 ELF" 'machine|architecture|risc-?v|x86|not a riscv' /bin/true

cp "$hello" "$tmp/class32"
put_le "$tmp/class32" 4 1 1
expect_error "32-bit ELF" '32|class|64' "$tmp/class32"

cp "$hello" "$tmp/bigendian"
put_le "$tmp/bigendian" 5 1 2
expect_error "big-endian ELF" 'endian|msb|byte order|format|elf' "$tmp/bigendian"

head -c 100 "$hello" >"$tmp/trunc100"
chmod +x "$tmp/trunc100"
expect_error "truncated ELF (100 bytes)" 'truncat|short|small|header|corrupt|invalid|elf' \
    "$tmp/trunc100"

head -c 40 "$hello" >"$tmp/trunc40"
expect_error "truncated ELF (40 bytes)" 'truncat|short|small|header|corrupt|invalid|elf' \
    "$tmp/trunc40"

size=$(stat -c %s "$hello")
cp "$hello" "$tmp/phoff"
put_le "$tmp/phoff" 32 8 $((size + 4096))
expect_error "e_phoff beyond EOF" 'program header|phoff|truncat|corrupt|invalid|beyond|outside' \
    "$tmp/phoff"

cp "$hello" "$tmp/phnum"
put_le "$tmp/phnum" 56 2 65535
expect_error "huge e_phnum" 'program header|phnum|truncat|corrupt|invalid|too many|beyond' \
    "$tmp/phnum"

cp "$hello" "$tmp/phentsize"
put_le "$tmp/phentsize" 54 2 12
expect_error "bad e_phentsize" 'program header|phentsize|corrupt|invalid|size' "$tmp/phentsize"

ph=$(first_load_phdr "$hello")
cp "$hello" "$tmp/filesz"
memsz=$(get_le "$hello" $((ph + 40)) 8)
put_le "$tmp/filesz" $((ph + 32)) 8 $((memsz + 4096))
expect_error "p_filesz > p_memsz" 'filesz|memsz|segment|corrupt|invalid' "$tmp/filesz"

cp "$hello" "$tmp/highseg"
put_le "$tmp/highseg" $((ph + 16)) 8 $((1 << 38))
put_le "$tmp/highseg" $((ph + 24)) 8 $((1 << 38))
expect_error "segment beyond 2^38" 'address|range|segment|high|large|beyond|outside|space' \
    "$tmp/highseg"

cp "$hello" "$tmp/segoff"
put_le "$tmp/segoff" $((ph + 8)) 8 $((size + 65536))
expect_error "segment data beyond EOF" 'segment|truncat|beyond|offset|corrupt|invalid|outside' \
    "$tmp/segoff"

finish
