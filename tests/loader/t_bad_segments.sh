#!/bin/bash
# t_bad_segments.sh — odd and bad PT_LOAD tables on the loader's overlap paths, made from
# tests/misbehave/hello.c (static and dynamic) by editing program headers.
#
# Loadable (Linux maps them in order, so plume must run them as qemu-riscv64 does: same stdout
# and exit status, here the program's normal run): the text PT_LOAD grown to the whole file, over
# the data segment's first pages (which the data PT_LOAD, mapped later, replaces); the PT_LOADs
# in reverse order; PT_NOTE turned into an extra bss-only PT_LOAD whose p_offset lies beyond the
# end of the file (it has no file bytes, so the offset is not used); 500 PT_LOADs: the text
# segment grown to the whole file, which now ends with a new 500-entry program header table
# (PT_PHDR moved there too; placed past every segment's pages, so the data segment, mapped after
# the text, does not hide it), and repeated 490-odd times before the data segment (glibc's ld.so
# gives up on a 1000-entry table, under qemu-riscv64 too).
# Loaded, and the guest then dies of its own SIGSEGV (at guest address 8) as under qemu-riscv64,
# without a word from plume: a later, overlapping PT_LOAD whose file bytes run past the end
# of the file (Linux maps file bytes past the end too; tests/loader/t_beyond_eof checks the
# pages). Refused with one "plume: <file>: ..." line and status 1, never a crash: an empty
# PT_LOAD (p_memsz 0) beyond the guest space; a later, overlapping PT_LOAD whose p_filesz
# exceeds its p_memsz.
MB_SRC=$(cd "$(dirname "$0")/../misbehave" && pwd)
. "$MB_SRC/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/loader
mkdir -p "$MB_OUT"
have_qemu || { echo "qemu-riscv64 is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dyn=$(build_guest hello dynamic) || { fail "cannot build hello"; finish; }
sta=$(build_guest hello static) || { fail "cannot build hello"; finish; }

m() { elf_mutate "$1" "$tmp/$2" "$3" || fail "cannot make $2"; }
reverse='ps = loads(); hs = [bytes(b[p:p + 56]) for p in ps]
for p, h in zip(ps, reversed(hs)): b[p:p + 56] = h'
many='t = loads()[0]; top = max(u64(q + 16) + u64(q + 40) for q in loads()) - u64(t + 16)
off = max(len(b) + 7, (top + 0xfff) & ~0xfff) & ~7; end = off + 56 * 500
u64(t + 32, end); u64(t + 40, end)
for p in [x for x in phdrs() if u32(x) == 6]:
    u64(p + 8, off); u64(p + 16, off); u64(p + 24, off)
    u64(p + 32, end - off); u64(p + 40, end - off)
hs = [bytes(b[p:p + 56]) for p in phdrs()]
i = phdrs().index(t)
hs[i + 1:i + 1] = [hs[i]] * (500 - len(hs))
b.extend(bytes(off - len(b)) + b"".join(hs))
u64(32, off); u16(56, 500)'
bss_only='p = [x for x in phdrs() if u32(x) == 4][0]; u32(p, 1); u32(p + 4, 6)
u64(p + 8, 1 << 40); u64(p + 16, u64(loads()[-1] + 16) + 0x200000); u64(p + 32, 0)
u64(p + 40, 0x1000)'
grown='p = loads()[0]; u64(p + 32, len(b)); u64(p + 40, len(b))'
for base in sta dyn; do
    exe=${!base}
    m "$exe" "$base-grown" "$grown"
    m "$exe" "$base-reversed" "$reverse"
    m "$exe" "$base-bss-only" "$bss_only"
    m "$exe" "$base-many" "$many"
    m "$exe" "$base-empty-far" 'p = loads()[0]; u64(p + 16, 1 << 40); u64(p + 32, 0)
u64(p + 40, 0)'
    m "$exe" "$base-overlap-cut" 'p = loads()[1]; u64(p + 32, len(b)); u64(p + 40, len(b))
u64(p + 16, u64(loads()[0] + 16) + u64(p + 8))'
    m "$exe" "$base-overlap-filesz" 'p = loads()[1]; u64(p + 32, u64(p + 40) + 1)
u64(p + 16, u64(loads()[0] + 16) + u64(p + 8))'
done

# same_as_qemu what exe: plume and qemu-riscv64 both run hello to its end.
same_as_qemu()
{
    local what=$1 exe=$2 pst qst
    { (cd "$tmp" && timeout 60 "$PLUME" "$exe" >"$tmp/out.plume" 2>/dev/null); } 2>/dev/null
    pst=$?
    { (cd "$tmp" && timeout 60 qemu-riscv64 -L "$SYSROOT" "$exe" >"$tmp/out.qemu" 2>/dev/null); } \
        2>/dev/null
    qst=$?
    if [ "$pst" = "$qst" ] && cmp -s "$tmp/out.plume" "$tmp/out.qemu" && [ "$pst" = 0 ] &&
        [ "$(cat "$tmp/out.plume")" = "hello from the guest" ]; then
        pass "$what: as qemu-riscv64 (exit $(status_name "$pst"), $(wc -l <"$tmp/out.plume") lines)"
    else
        fail "$what: plume exit $(status_name "$pst"), qemu-riscv64 exit $(status_name "$qst")"
        diff "$tmp/out.qemu" "$tmp/out.plume" | head -n 5 | sed 's/^/    /'
    fi
}

# guest_segv_as_qemu what exe: plume and qemu-riscv64 both end with the guest's SIGSEGV.
guest_segv_as_qemu()
{
    local what=$1 exe=$2 pst qst
    { (cd "$tmp" && timeout 60 "$PLUME" "$exe" >/dev/null 2>"$tmp/err.plume"); } 2>/dev/null
    pst=$?
    { (cd "$tmp" && timeout 60 qemu-riscv64 -L "$SYSROOT" "$exe" >/dev/null 2>&1); } 2>/dev/null
    qst=$?
    if [ "$pst" = 139 ] && [ "$qst" = 139 ] && [ ! -s "$tmp/err.plume" ]; then
        pass "$what: the guest's SIGSEGV, as under qemu-riscv64"
    else
        fail "$what: plume exit $(status_name "$pst"), qemu-riscv64 exit $(status_name "$qst")"
        tail -n 3 "$tmp/err.plume" | sed 's/^/    /'
    fi
}

for base in sta dyn; do
    same_as_qemu "$base: first PT_LOAD grown over the second" "$tmp/$base-grown"
    same_as_qemu "$base: PT_LOADs in reverse order" "$tmp/$base-reversed"
    same_as_qemu "$base: bss-only PT_LOAD with p_offset past the end" "$tmp/$base-bss-only"
    same_as_qemu "$base: 500 PT_LOADs" "$tmp/$base-many"
    expect_error "$base: empty PT_LOAD beyond the guest space" "address space" \
        "$PLUME" "$tmp/$base-empty-far"
    guest_segv_as_qemu "$base: overlapping PT_LOAD past the end of the file" \
        "$tmp/$base-overlap-cut"
    expect_error "$base: overlapping PT_LOAD with p_filesz > p_memsz" "file size larger" \
        "$PLUME" "$tmp/$base-overlap-filesz"
done
finish
