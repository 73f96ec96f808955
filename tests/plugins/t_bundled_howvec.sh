#!/bin/bash
# t_bundled_howvec.sh — the howvec plugin: guests/mix.S has a known mix (121 instructions: alu 27,
# muldiv 20, fp 11, system 11, load/store/atomic/csr/branch 10 each, jump 2; 10 compressed), so
# every class row, the totals and per-mnemonic rows are exact; on threads_raw.S with 8 threads
# (both engines) the total equals the insn plugin's; bad options refuse to load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/lib{howvec,insn}.so
build_raw "$tmp/mix" tests/plugins/guests/mix.S -march=rv64gc_zba || exit 1
build_raw "$tmp/raw8" tests/plugins/threads_raw.S -DNT=8 -DITER=1000 || exit 1

row() { printf '%-12s %14s %7s%%' "$1" "$2" "$3"; }
env -i "$PLUME" -plugin "$PL/libhowvec.so,mnemonic=on,outfile=$tmp/mix.txt" "$tmp/mix" >/dev/null
has mix-classes "$tmp/mix.txt" "$(row alu 27 22.31)" "$(row muldiv 20 16.53)" \
    "$(row fp 11 9.09)" "$(row system 11 9.09)" "$(row load 10 8.26)" "$(row store 10 8.26)" \
    "$(row atomic 10 8.26)" "$(row csr 10 8.26)" "$(row branch 10 8.26)" "$(row jump 2 1.65)" \
    "$(printf '%-12s %14s' total 121)" "$(row compressed 10 8.26)" "$(row full-size 111 91.74)"
has mix-mnemonics "$tmp/mix.txt" "$(row amoadd.d 10 8.26)" "$(row sh1add 10 8.26)" \
    "$(row bnez 10 8.26)" "$(row ret 1 0.83)" "$(row jal 1 0.83)" "$(row addi 14 11.57)"
[ "$(sed -n '/^mnemonic/,$p' "$tmp/mix.txt" | sed 1d | awk '{s += $2} END {print s}')" = 121 ] ||
    bad mix-mnemonic-sum "mnemonic rows do not sum to 121"
env -i "$PLUME" -plugin "$PL/libhowvec.so,mnemonic=on,n=3,outfile=$tmp/top.txt" "$tmp/mix" >/dev/null
[ "$(sed -n '/^mnemonic/,$p' "$tmp/top.txt" | wc -l)" = 4 ] && ok mnemonic-top ||
    bad mnemonic-top "n=3 did not list exactly 3 mnemonics"

for accel in interp jit; do
    want=$(insn_total "$tmp/raw8" -accel $accel)
    env -i "$PLUME" -accel $accel -plugin "$PL/libhowvec.so,outfile=$tmp/raw8.txt" "$tmp/raw8" \
        >/dev/null
    got=$(sed -n 's/^total  *//p' "$tmp/raw8.txt")
    if [ "$want" = 24384 ] && [ "$got" = "$want" ]; then ok "threads-$accel"; else
        bad "threads-$accel" "howvec total '$got', insn total '$want' (expected 24384)"
    fi
done

refuses bad-option "$PL/libhowvec.so,colour=on" "$tmp/mix"
refuses bad-bool "$PL/libhowvec.so,mnemonic=maybe" "$tmp/mix"
refuses bad-count "$PL/libhowvec.so,n=-1" "$tmp/mix"
exit $fail
