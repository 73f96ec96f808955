#!/bin/bash
# t_bundled_execlog.sh — the execlog plugin on guests/mix.S (121 instructions):
#  - one line per executed instruction, whose "pc encoding" pairs follow objdump's listing in
#    execution order (17 up to the loop branch, the 11-instruction loop 9 more times, jal, the
#    leaf's ret, the 3-instruction exit);
#  - mem=on: the first ld reads 0x5, the amoadd reads then writes its word; mem=off: no access;
#  - regs=on: exact changed registers (li s1 -> s1=0xa, mul -> t1=0x19, amoadd -> t3=0x5);
#  - filters: sym=leaf logs only the ret; addr=<loop start>-<loop end> the 110 loop lines;
#    addr=<mul> with regs=on shows only t1 changing (not the effects of unlogged instructions);
#  - threads_raw.S with 8 threads (both engines): 24384 lines, 248 from vCPU 0, 3017 from vCPU 8;
#  - bad options refuse to load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/libexeclog.so
build_raw "$tmp/mix" tests/plugins/guests/mix.S -march=rv64gc_zba || exit 1
build_raw "$tmp/raw8" tests/plugins/threads_raw.S -DNT=8 -DITER=1000 || exit 1
log() { env -i "$PLUME" "${@:3}" -plugin "$PL/libexeclog.so,$2,outfile=$tmp/$1.txt" "$tmp/mix" \
    >/dev/null; }

# objdump's "pc encoding" per instruction from _start, in address order: index 1.. (17 prologue+loop,
# 18 jal, 19..21 exit, 22 ret)
start=$(riscv64-linux-gnu-nm "$tmp/mix" | awk '$3 == "_start" {print $1}')
riscv64-linux-gnu-objdump -d --start-address=0x$start "$tmp/mix" | awk '/^ *[0-9a-f]+:\t/ {sub(":", "", $1);
    printf "0x%s %s\n", $1, $2}' >"$tmp/listing"
{
    sed -n 1,17p "$tmp/listing"
    for i in 1 2 3 4 5 6 7 8 9; do sed -n 7,17p "$tmp/listing"; done
    sed -n 18p "$tmp/listing"; sed -n 22p "$tmp/listing"; sed -n 19,21p "$tmp/listing"
} >"$tmp/want"
log all mem=on
awk '{print $2, $3}' "$tmp/all.txt" >"$tmp/got"
if [ "$(wc -l <"$tmp/want")" = 121 ] && cmp -s "$tmp/want" "$tmp/got" &&
    [ "$(cut -d' ' -f1 "$tmp/all.txt" | sort -u)" = 0 ]; then
    ok sequence
else
    bad sequence "lines differ from objdump's order"; diff "$tmp/want" "$tmp/got" | head
fi
word=$(printf '0x%x' "0x$(riscv64-linux-gnu-nm "$tmp/mix" | awk '$3 == "word" {print $1}')")
grep -m1 ' ld t0,0(s0)' "$tmp/all.txt" | grep -q " | R 8 $word 0x5\$" && ok mem-load ||
    bad mem-load "first ld does not read 0x5 from $word"
grep -m1 ' amoadd.d ' "$tmp/all.txt" | grep -q " | R 8 $word 0x5 | W 8 $word 0xa\$" &&
    ok mem-amo || bad mem-amo "first amoadd.d accesses wrong"
log nomem mem=off
! grep -q ' | [RW] ' "$tmp/nomem.txt" && [ "$(wc -l <"$tmp/nomem.txt")" = 121 ] && ok mem-off ||
    bad mem-off "accesses logged with mem=off"

log regs regs=on,mem=off
grep -q ' addi s1,zero,10 | s1=0xa$' "$tmp/regs.txt" &&
    [ "$(grep -m1 ' mul t1,t0,t0' "$tmp/regs.txt" | sed 's/.* | //')" = "t1=0x19" ] &&
    [ "$(grep -m1 ' amoadd.d ' "$tmp/regs.txt" | sed 's/.* | //')" = "t3=0x5" ] &&
    ok regs || { bad regs "changed registers wrong"; head -n 12 "$tmp/regs.txt"; }

leaf=$(awk 'NR == 22 {print $1}' "$tmp/listing")
log sym sym=leaf
[ "$(cat "$tmp/sym.txt")" = "0 $leaf 00008067 ret" ] && ok sym-filter ||
    { bad sym-filter "sym=leaf"; cat "$tmp/sym.txt"; }
loop=$(awk 'NR == 7 {print $1}' "$tmp/listing") jal=$(awk 'NR == 18 {print $1}' "$tmp/listing")
log range "addr=$loop-$jal"
[ "$(wc -l <"$tmp/range.txt")" = 110 ] && [ "$(awk '{print $2}' "$tmp/range.txt" | sort -u |
    wc -l)" = 11 ] && ok addr-range || bad addr-range "not 110 lines of 11 instructions"
mul=$(awk '$3 == "02528333" {print $2; exit}' "$tmp/all.txt")
log one "addr=$mul,regs=on,mem=off"
[ "$(sed 's/.* | //' "$tmp/one.txt" | tr '\n' ' ')" = \
    "t1=0x19 t1=0x64 t1=0x190 t1=0x640 t1=0x1900 t1=0x6400 t1=0x19000 t1=0x64000 t1=0x190000 t1=0x640000 " ] &&
    ok filtered-regs || { bad filtered-regs "mul lines"; cat "$tmp/one.txt"; }

for accel in interp jit; do
    env -i "$PLUME" -accel $accel -plugin "$PL/libexeclog.so,mem=off,outfile=$tmp/t.txt" \
        "$tmp/raw8" >/dev/null
    if [ "$(wc -l <"$tmp/t.txt")" = 24384 ] && [ "$(grep -c '^0 ' "$tmp/t.txt")" = 248 ] &&
        [ "$(grep -c '^8 ' "$tmp/t.txt")" = 3017 ]; then
        ok "threads-$accel"
    else
        bad "threads-$accel" "$(wc -l <"$tmp/t.txt") lines"
    fi
done

refuses bad-option "$PL/libexeclog.so,colour=on" "$tmp/mix"
refuses bad-range "$PL/libexeclog.so,addr=0x200-0x100" "$tmp/mix"
refuses bad-addr "$PL/libexeclog.so,addr=zz" "$tmp/mix"
exit $fail
