#!/bin/bash
# t_bundled_drcov.sh — the drcov plugin; the file is parsed back (text header, then 8-byte
# records read with od):
#  - static guests/stride.S: one module, the executable's real path at base 0x10000; its 5
#    blocks all start at instructions of objdump's listing, one at _start, none repeated;
#  - dynamic guests/fib.c with 2 threads (both engines): the executable, libc and the ELF
#    interpreter are separate modules; a block of the executable starts at fib's offset and a
#    block of libc at printf's offset (symbol values = offsets from the module base);
#  - bad options refuse to load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/libdrcov.so
build_raw "$tmp/stride" tests/plugins/guests/stride.S || exit 1
riscv64-linux-gnu-gcc -O0 -pthread tests/plugins/guests/fib.c -o "$tmp/fib" || exit 1

# records file: "<module id> <offset hex> <size>" per block record
records() {
    local hdr text id off size
    hdr=$(grep -abo 'BB Table: [0-9]* bbs' "$1" | head -n 1)
    text=${hdr#*:}
    tail -c +"$((${hdr%%:*} + ${#text} + 2))" "$1" | od -An -v -w8 -tu4 |
        while read -r off size; do printf '%d %x %d\n' $((size >> 16)) "$off" $((size & 65535)); done
}
modid() { awk -F', ' -v p="$2" '$7 == p {print $1}' "$1"; }

env -i "$PLUME" -plugin "$PL/libdrcov.so,filename=$tmp/s.cov,outfile=$tmp/s.txt" "$tmp/stride" \
    >/dev/null
records "$tmp/s.cov" >"$tmp/s.rec"
riscv64-linux-gnu-objdump -d "$tmp/stride" | awk '/^ *[0-9a-f]+:\t/ {sub(":", "", $1); print $1}' \
    >"$tmp/insns"
start=$(riscv64-linux-gnu-nm "$tmp/stride" | awk '$3 == "_start" {print $1}')
real=$(realpath "$tmp/stride")
bad_starts=$(while read -r id off size; do printf '%x\n' $((0x$off + 0x10000)); done \
    <"$tmp/s.rec" | grep -vxFf "$tmp/insns" | wc -l)
if head -n 5 "$tmp/s.cov" | grep -qxF "Module Table: version 2, count 1" &&
    grep -qxF "0, 0x0000000000010000, 0x0000000000011000, 0x0000000000000000, 0x00000000, 0x00000000, $real" "$tmp/s.cov" &&
    [ "$(wc -l <"$tmp/s.rec")" = 5 ] && grep -q "BB Table: 5 bbs" "$tmp/s.cov" &&
    [ "$bad_starts" = 0 ] && [ "$(sort -u "$tmp/s.rec" | wc -l)" = 5 ] &&
    [ "$(head -n 1 "$tmp/s.cov")" = "DRCOV VERSION: 2" ] &&
    grep -q "^0 $(printf '%x' $((0x$start - 0x10000))) " "$tmp/s.rec"; then
    ok static
else
    bad static "module table or blocks wrong"; cat "$tmp/s.rec"; head -n 6 "$tmp/s.cov"
fi
has static-summary "$tmp/s.txt" "1 modules, 5 blocks, 0 blocks outside modules: $tmp/s.cov"

libc=/usr/riscv64-linux-gnu/lib/libc.so.6
ldso=/usr/riscv64-linux-gnu/lib/ld-linux-riscv64-lp64d.so.1
fib=$(riscv64-linux-gnu-nm "$tmp/fib" | awk '$3 == "fib" {sub(/^0*/, "", $1); print $1}')
printf=$(riscv64-linux-gnu-nm -D --defined-only "$libc" | awk '$3 ~ /^printf(@|$)/ {sub(/^0*/, "", $1); print $1}')
for accel in interp jit; do
    env -i "$PLUME" -accel $accel -plugin "$PL/libdrcov.so,filename=$tmp/d.cov" "$tmp/fib" 2 \
        >/dev/null
    records "$tmp/d.cov" >"$tmp/d.rec"
    exe_id=$(modid "$tmp/d.cov" "$(realpath "$tmp/fib")")
    libc_id=$(modid "$tmp/d.cov" "$(realpath "$libc")")
    ld_id=$(modid "$tmp/d.cov" "$(realpath "$ldso")")
    n=$(sed -n 's/^BB Table: \([0-9]*\) bbs$/\1/p' "$tmp/d.cov")
    if [ -n "$exe_id" ] && [ -n "$libc_id" ] && [ -n "$ld_id" ] &&
        grep -q "^$exe_id $fib " "$tmp/d.rec" && grep -q "^$libc_id $printf " "$tmp/d.rec" &&
        [ "$(wc -l <"$tmp/d.rec")" = "$n" ] && [ "$(sort -u "$tmp/d.rec" | wc -l)" = "$n" ]; then
        ok "dynamic-$accel"
    else
        bad "dynamic-$accel" "modules exe=$exe_id libc=$libc_id ld.so=$ld_id, fib 0x$fib, printf 0x$printf"
        sed -n '3,8p' "$tmp/d.cov"
    fi
done

refuses bad-option "$PL/libdrcov.so,colour=on" "$tmp/stride"
refuses bad-file "$PL/libdrcov.so,filename=$tmp/no/such/dir/f" "$tmp/stride"
exit $fail
