#!/bin/bash
# t_layouts.sh — a glibc program (layout.c) linked with unusual layouts, static and dynamic
# (PIE), under plume and qemu-riscv64: stdout and exit status must match, and the program must
# have run to its end (exit 5, its last line printed).
#
# Layouts: ld's defaults; -z noseparate-code; -z separate-code; -z norelro; 64 KiB pages
# (p_align 0x10000, so the PIE load address is aligned to it); and "share": ld's own default
# script for the link (ld --verbose) with the data segment's page alignment removed
# (DATA_SEGMENT_ALIGN/RELRO_END/END) and the data sections given a load address apart (AT), so
# ld emits a separate RW PT_LOAD starting on the text segment's last page, from the same file
# page (ld then emits no PT_GNU_RELRO).
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$MB_SRC/../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/loader
mkdir -p "$MB_OUT"
have_qemu || { echo "qemu-riscv64 is not installed"; exit 77; }

# share_script out [ld-flags]: ld's default script for the link, data on the text's last page.
share_script()
{
    local out=$1
    shift
    riscv64-linux-gnu-ld "$@" --verbose | sed -n '/^=====/,/^=====/p' | sed '1d;$d' | sed \
        -e 's/^ *\. = DATA_SEGMENT_ALIGN.*$/  . = .;/' \
        -e '/^ *\. = DATA_SEGMENT_RELRO_END/d' -e '/^ *\. = DATA_SEGMENT_END/d' \
        -e 's/^\(  \.tdata[ \t]*\):/\1: AT(ADDR(.tdata) + 0x1000000)/' \
        -e 's/^\(  \.preinit_array[ \t]*\):/\1: AT(ADDR(.preinit_array) + 0x1000000)/' \
        -e 's/^\(  \.init_array[ \t]*\):/\1: AT(ADDR(.init_array) + 0x1000000)/' >"$out"
    grep -q 'AT(ADDR(.init_array)' "$out"
}

share_script "$MB_OUT/share-static.ld" || fail "cannot derive the static share script"
share_script "$MB_OUT/share-pie.ld" -pie || fail "cannot derive the PIE share script"

variants=(
    "default|"
    "noseparate-code|-Wl,-z,noseparate-code"
    "separate-code|-Wl,-z,separate-code"
    "norelro|-Wl,-z,norelro"
    "64k-pages|-Wl,-z,max-page-size=0x10000,-z,common-page-size=0x10000"
    "share|-Wl,-T,$MB_OUT/share-LINK.ld"
)

for v in "${variants[@]}"; do
    IFS='|' read -r name flags <<<"$v"
    for link in static dynamic; do
        exe=$MB_OUT/layout-$name-$link lf="" script=pie
        [ $link = static ] && lf=-static script=static
        # shellcheck disable=SC2086 # flags is a list of words
        if ! riscv64-linux-gnu-gcc -O2 $lf ${flags//LINK/$script} -Wl,--no-warn-rwx-segments \
            "$MB_SRC/layout.c" -o "$exe" >"$exe.log" 2>&1; then
            fail "$name $link: cannot build (see $exe.log)"
            continue
        fi
        (cd "$MB_OUT" && timeout 60 env -i "$PLUME" "$exe" >"$exe.plume" 2>&1)
        pst=$?
        (cd "$MB_OUT" && timeout 60 env -i qemu-riscv64 -L "$SYSROOT" "$exe" >"$exe.qemu" 2>&1)
        qst=$?
        loads=$(riscv64-linux-gnu-readelf -lW "$exe" | grep -c ' LOAD ')
        if [ "$pst" != "$qst" ] || ! cmp -s "$exe.plume" "$exe.qemu"; then
            fail "$name $link: plume (exit $pst) and qemu-riscv64 (exit $qst) differ"
            diff "$exe.qemu" "$exe.plume" | head -n 10 | sed 's/^/    /'
        elif [ "$pst" != 5 ] || [ "$(tail -n 1 "$exe.plume")" != "relro function pointer ok" ]; then
            fail "$name $link: both ended early (exit $pst)"
            tail -n 3 "$exe.plume" | sed 's/^/    /'
        else
            pass "$name $link: $loads PT_LOADs, same output and exit status"
        fi
    done
done
finish
