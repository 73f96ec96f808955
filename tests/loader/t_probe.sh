#!/bin/bash
# t_probe.sh — PT_LOAD segments that share pages, overlap, come out of order or have odd
# offsets, loaded exactly as Linux does. probe.c (freestanding) is linked with the layouts below
# (linker scripts probe-*.ld, ld -N / -n), some then edited (a program-header field changed by
# the python line of the case); each riscv64 build must print, under plume, probe-<case>.expected
# (probe areas, AT_PHDR, the image's /proc/self/maps lines; the last line is the exit status).
#
# The expected files are what Linux 6.18 prints for the same layout built for x86-64: when the
# host is x86-64 Linux 6.7 or later (elf_load's bss rules) with a native gcc, the test builds and
# runs those too and requires the same output, so the expected files stay checked against the
# kernel. qemu-riscv64 must agree where the case says so ("same": all but the maps lines, which
# it does not show for the guest); QEMU 7.2 differs from Linux on the others (it kills the
# guest when a read-only segment has a bss, and puts AT_PHDR at the ELF header + e_phoff
# even when no segment maps the program headers).
#
# Cases: name|layout (a probe-*.ld name, or -N / -n)|python edit of the ELF ("" none)|qemu|maps
#   maps "nomaps": the maps lines depend on the code size and are not compared.
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$MB_SRC/../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/loader
mkdir -p "$MB_OUT"

swap='p, q = loads()[:2]; t = bytes(b[p:p + 56]); b[p:p + 56] = b[q:q + 56]; b[q:q + 56] = t'
text_bss='p = loads()[0]; u64(p + 40, u64(p + 32) + 0x3000)'
bss_below='d, s = loads()[1:3]; u64(d + 32, 0x5000); u64(s + 16, 0x408000); u64(s + 40, 0x1000); '\
't = bytes(b[d:d + 56]); b[d:d + 56] = b[s:s + 56]; b[s:s + 56] = t'
cases=(
    # text and data on one page; the shared page is the data segment's (rw-).
    "share-text-data|share-text-data||same|maps"
    # a bss-only PT_LOAD on the data's last page: anonymous from the page start, data bytes lost.
    "share-data-bss|share-data-bss||same|maps"
    "gap|gap||same|maps"
    # the text segment's bss (rwx anonymous pages) overlaps the data segment, mapped after it.
    "text-bss-overlap|share-text-data|$text_bss|differs|maps"
    # p_filesz cut to 0x100 (all code past it): a read-only segment's tail is not zeroed.
    "text-cut|gap|p = loads()[0]; u64(p + 32, 0x100)|differs|maps"
    # one anonymous bss page after a read-only text segment: read-write-execute.
    "text-bss-page|gap|p = loads()[0]; u64(p + 40, 0x2000)|differs|maps"
    # data first, then text over the shared page (r-x): the first store there faults.
    "swapped|share-text-data|$swap|same|maps"
    # a bss-only segment's p_offset is not congruent with its p_vaddr: nothing maps the file.
    "bss-offset|share-data-bss|u64(loads()[2] + 8, 0)|same|maps"
    # a bss-only segment mapped first, then the data segment whose bss ends right below it: two
    # anonymous mappings, as Linux's vm_brk_flags only extends the mapping below a new one.
    "bss-below-bss|share-data-bss|$bss_below|same|maps"
    # one RWX segment at a non-page-aligned p_vaddr/p_offset, program headers in no segment.
    "omagic|-N||differs|nomaps"
    "nmagic|-n||differs|nomaps"
)

# build cc out layout [extra flags]: probe.c with a layout.
build()
{
    local cc=$1 out=$2 layout=$3
    shift 3
    local lf=(-Wl,-T,"$MB_SRC/probe-$layout.ld")
    if [ "${layout:0:1}" = - ]; then
        lf=(-Wl,"$layout" -Wl,-Ttext-segment=0x400000 -Wl,--defsym=probe_a_end=probe_a+256
            -Wl,--defsym=probe_b_end=probe_b+256)
    fi
    $cc -O2 -static -nostdlib -fno-pie -no-pie -ffreestanding -fno-stack-protector \
        -fno-asynchronous-unwind-tables -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
        "$@" "${lf[@]}" "$MB_SRC/probe.c" -o "$out" >"$out.log" 2>&1
}

# edit src dst statements: copy with the python statements run on b (bytearray of the file).
edit()
{
    python3 - "$1" "$2" "$3" <<'PY' && chmod 755 "$2"
import struct, sys
src, dst, code = sys.argv[1:4]
b = bytearray(open(src, 'rb').read())
def u16(off): return struct.unpack_from('<H', b, off)[0]
def u32(off): return struct.unpack_from('<I', b, off)[0]
def u64(off, val=None):
    if val is None:
        return struct.unpack_from('<Q', b, off)[0]
    struct.pack_into('<Q', b, off, val)
def loads():
    ph = [u64(32) + 56 * i for i in range(u16(56))]
    return [p for p in ph if u32(p) == 1]
exec(code)
open(dst, 'wb').write(b)
PY
}

# run_to out cmd...: stdout then "exit N" into out.
run_to()
{
    local out=$1
    shift
    { timeout 20 "$@" >"$out" 2>/dev/null; } 2>/dev/null
    echo "exit $?" >>"$out"
}

# cut_maps in out: everything but the maps lines.
cut_maps() { sed '/^maps:$/,/^exit /{/^exit /!d}' "$1" >"$2"; }

native=""
if [ "$(uname -m)" = x86_64 ] && command -v gcc >/dev/null &&
    awk -F. '{ exit !($1 > 6 || ($1 == 6 && $2 >= 7)) }' <<<"$(uname -r)"; then
    native=1
else
    echo "no x86-64 Linux >= 6.7 host with gcc: the expected files are not re-checked natively"
fi

for c in "${cases[@]}"; do
    IFS='|' read -r name layout code qemu maps <<<"$c"
    exp=$MB_SRC/probe-$name.expected rv=$MB_OUT/probe-$name
    if ! build riscv64-linux-gnu-gcc "$rv.base" "$layout" -Wl,--no-relax; then
        fail "$name: cannot build (see $rv.base.log)"
        continue
    fi
    if [ -n "$code" ]; then edit "$rv.base" "$rv" "$code"; else cp "$rv.base" "$rv"; fi
    run_to "$rv.plume" "$PLUME" "$rv"
    if [ "$maps" = nomaps ]; then
        cut_maps "$exp" "$rv.exp"
        cut_maps "$rv.plume" "$rv.plume.cut"
        mv "$rv.plume.cut" "$rv.plume"
    else
        cp "$exp" "$rv.exp"
    fi
    if diff -u "$rv.exp" "$rv.plume" >"$rv.diff"; then
        pass "$name: plume prints probe-$name.expected ($(tail -n 1 "$rv.plume"))"
    else
        fail "$name: plume differs from probe-$name.expected"
        grep '^[-+][^-+]' "$rv.diff" | head -n 12 | sed 's/^/    /'
    fi
    if [ "$qemu" = same ] && have_qemu; then
        run_to "$rv.qemu" qemu-riscv64 "$rv"
        cut_maps "$rv.qemu" "$rv.qemu.cut"
        cut_maps "$rv.exp" "$rv.exp.cut"
        if cmp -s "$rv.exp.cut" "$rv.qemu.cut"; then
            pass "$name: qemu-riscv64 agrees (maps aside)"
        else
            fail "$name: qemu-riscv64 differs from probe-$name.expected"
            diff "$rv.exp.cut" "$rv.qemu.cut" | head -n 8 | sed 's/^/    /'
        fi
    fi
    if [ -n "$native" ]; then
        x86=$MB_OUT/probe-$name-x86
        if ! build gcc "$x86.base" "$layout"; then
            fail "$name: cannot build for x86-64 (see $x86.base.log)"
            continue
        fi
        if [ -n "$code" ]; then edit "$x86.base" "$x86" "$code"; else cp "$x86.base" "$x86"; fi
        run_to "$x86.out" "$x86"
        [ "$maps" = nomaps ] && cut_maps "$x86.out" "$x86.cut" && mv "$x86.cut" "$x86.out"
        if cmp -s "$rv.exp" "$x86.out"; then
            pass "$name: Linux $(uname -r | cut -d- -f1) on x86-64 prints the same"
        else
            fail "$name: the x86-64 build run natively differs from probe-$name.expected"
            diff "$rv.exp" "$x86.out" | head -n 8 | sed 's/^/    /'
        fi
    fi
done
finish
