#!/bin/bash
# t_beyond_eof.sh — a PT_LOAD whose file bytes run past the end of the file, as Linux's
# binfmt_elf loads it: tests/loader/eof.c (static and dynamic) gets its PT_NOTE turned into a
# read-only PT_LOAD of 2.5 pages of file bytes starting one page before the last file page, plus
# 2 pages of bss. Linux maps it (mmap does not look at the file size): the pages holding file
# bytes read as the file, the page wholly beyond the end raises SIGBUS (BUS_ADRERR, 2) when
# touched, the bss pages read as zero; the program compares each page with the file itself
# (qemu-riscv64 7.2 dies of SIGSEGV on this file, so it is no reference). The same segment made
# writable with its last file page beyond the end: Linux's padzero fails after exec's point of
# no return and the process is killed by SIGSEGV, with no output. Both are re-checked natively
# below when the host allows.
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/loader
mkdir -p "$MB_OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The PT_NOTE becomes PT_LOAD flags f at 2 MiB past the last segment, with file bytes
# [off, off + filesz) and memsz bytes of memory.
seg() { # flags off-expression filesz memsz
    echo "p = [x for x in phdrs() if u32(x) == 4][0]; u32(p, 1); u32(p + 4, $1)
off = $2; top = max(u64(q + 16) + u64(q + 40) for q in loads())
va = ((top + 0x200000) & ~0xfff) + (off & 0xfff)
u64(p + 8, off); u64(p + 16, va); u64(p + 24, va); u64(p + 32, $3); u64(p + 40, $4)
u64(p + 48, 0x1000)"
}
# The sizes and offsets differ by build: only the page count and the page lines are compared.
norm='s/, [0-9]* file bytes$//; s/^segment: .*, \([0-9]*\) pages$/segment of \1 pages/'
for link in static dynamic; do
    exe=$(build_guest eof $link) || { fail "cannot build eof"; finish; }
    elf_mutate "$exe" "$tmp/ro-$link" "$(seg 4 '(len(b) & ~0xfff) - 0x1000' 0x2800 0x4800)" ||
        fail "cannot make ro-$link"
    elf_mutate "$exe" "$tmp/rw-$link" "$(seg 6 '((len(b) + 0xfff) & ~0xfff) + 0x1000' 0x800 0x2000)" ||
        fail "cannot make rw-$link"
    { (cd "$tmp" && timeout 60 "$PLUME" "$tmp/ro-$link" >"$tmp/p.out" 2>"$tmp/p.err"); } 2>/dev/null
    pst=$?
    sed "$norm" "$tmp/p.out" >"$tmp/p.txt"
    if [ $pst = 0 ] && cmp -s "$tmp/p.txt" "$MB_SRC/eof.expected"; then
        pass "$link: read-only segment past the end of the file: SIGBUS on the page beyond only"
    else
        fail "$link: read-only segment past the end: exit $(status_name $pst)"
        diff "$MB_SRC/eof.expected" "$tmp/p.txt" | head -n 10 | sed 's/^/    /'
        head -n 3 "$tmp/p.err" | sed 's/^/    stderr: /'
    fi
    { (cd "$tmp" && timeout 60 "$PLUME" "$tmp/rw-$link" >"$tmp/p.out" 2>"$tmp/p.err"); } 2>/dev/null
    pst=$?
    if [ $pst = $((128 + 11)) ] && [ ! -s "$tmp/p.out" ] && [ ! -s "$tmp/p.err" ]; then
        pass "$link: writable segment with its bss page past the end: killed by SIGSEGV"
    else
        fail "$link: writable segment past the end: exit $(status_name $pst), expected SIGSEGV"
        head -n 3 "$tmp/p.err" | sed 's/^/    stderr: /'
    fi
done

# The same rules on the host, when it is x86-64 Linux 6.7 or later (elf_load's padzero) with
# gcc: eof.c built for x86-64 with the same read-only segment prints eof.expected natively; a
# static x86-64 program cut at the page where its writable segment's bss starts is killed by
# SIGSEGV, and so is a riscv64 one cut the same way under plume.
cut='p = [q for q in loads() if u32(q + 4) & 2][-1]; del b[(u64(p + 8) + u64(p + 32)) & ~0xfff:]'
if [ "$(uname -m)" = x86_64 ] && command -v gcc >/dev/null &&
    awk -F. '{ exit !($1 > 6 || ($1 == 6 && $2 >= 7)) }' <<<"$(uname -r)"; then
    gcc -O2 -static "$MB_SRC/eof.c" -o "$tmp/x86" && elf_mutate "$tmp/x86" "$tmp/x86-cut" "$cut" ||
        fail "cannot make the x86-64 cut program"
    rv=$(build_guest eof static) && elf_mutate "$rv" "$tmp/rv-cut" "$cut" ||
        fail "cannot make the riscv64 cut program"
    elf_mutate "$tmp/x86" "$tmp/x86-ro" "$(seg 4 '(len(b) & ~0xfff) - 0x1000' 0x2800 0x4800)"
    "$tmp/x86-ro" | sed "$norm" >"$tmp/x.txt"
    if cmp -s "$tmp/x.txt" "$MB_SRC/eof.expected"; then
        pass "read-only segment past the end: Linux $(uname -r | cut -d- -f1) prints the same"
    else
        fail "read-only segment past the end: native Linux differs from eof.expected"
        diff "$MB_SRC/eof.expected" "$tmp/x.txt" | head -n 8 | sed 's/^/    /'
    fi
    { "$tmp/x86-cut" >/dev/null 2>&1; } 2>/dev/null
    nst=$?
    { "$PLUME" "$tmp/rv-cut" >/dev/null 2>"$tmp/p.err"; } 2>/dev/null
    pst=$?
    if [ $nst = 139 ] && [ $pst = 139 ] && [ ! -s "$tmp/p.err" ]; then
        pass "data segment cut before its bss: Linux $(uname -r | cut -d- -f1) and plume: SIGSEGV"
    else
        fail "data segment cut before its bss: native $(status_name $nst), plume $(status_name $pst)"
    fi
else
    echo "no x86-64 Linux >= 6.7 host with gcc: the SIGSEGV rule is not re-checked natively"
fi
finish
