#!/bin/bash
# t_bundled_bbv.sh — the bbv plugin: on guests/mix.S (blocks of 17, 11 (x9), 1, 1 and 3
# instructions) the single vector and the map are exact, and with interval=50 the vectors split
# at block starts after 50 instructions (50, 55, 16); on threads_raw.S with 8 threads (both
# engines) one file per vCPU whose counts sum to the insn plugin's total, each full interval
# holding at least `interval` instructions, ids all present in the map; bad options refuse.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/lib{bbv,insn}.so
build_raw "$tmp/mix" tests/plugins/guests/mix.S -march=rv64gc_zba || exit 1
build_raw "$tmp/raw8" tests/plugins/threads_raw.S -DNT=8 -DITER=1000 || exit 1
nm=$(riscv64-linux-gnu-nm "$tmp/mix")
addr() { printf '0x%x' "0x$(echo "$nm" | awk -v s="$1" '$3 == s {print $1}')"; }

env -i "$PLUME" -plugin "$PL/libbbv.so,prefix=$tmp/m,outfile=$tmp/sum.txt" "$tmp/mix" >/dev/null
has mix-vector "$tmp/m.0.bb" "T:1:17 :2:99 :3:1 :4:1 :5:3 "
start=$(addr _start)
loop=$((start + 24))
has mix-map "$tmp/m.map" "1 $start 17 -" "$(printf '2 0x%x 11 -' $loop)" \
    "$(printf '3 0x%x 1 -' $((loop + 42)))" "4 $(addr leaf) 1 leaf" "$(printf '5 0x%x 3 -' $((loop + 46)))"
has mix-summary "$tmp/sum.txt" "vcpu 0: 1 intervals, 121 insns" "5 blocks"
env -i "$PLUME" -plugin "$PL/libbbv.so,prefix=$tmp/m,interval=50" "$tmp/mix" >/dev/null
[ "$(cat "$tmp/m.0.bb")" = "$(printf 'T:1:17 :2:33 \nT:2:55 \nT:2:11 :3:1 :4:1 :5:3 ')" ] &&
    ok mix-interval || { bad mix-interval "vectors differ"; cat "$tmp/m.0.bb"; }

for accel in interp jit; do
    rm -f "$tmp"/r.*
    want=$(insn_total "$tmp/raw8" -accel $accel)
    env -i "$PLUME" -accel $accel -plugin "$PL/libbbv.so,prefix=$tmp/r,interval=1000" \
        "$tmp/raw8" >/dev/null
    files=$(ls "$tmp"/r.*.bb | wc -l)
    sum=$(cat "$tmp"/r.*.bb | tr ' ' '\n' | awk -F: 'NF == 3 {s += $3} END {print s}')
    # every line but each file's last holds >= 1000 instructions
    short=$(for f in "$tmp"/r.*.bb; do
        sed '$d' "$f" | tr -d T | awk -F'[: ]' '{s = 0; for (i = 3; i <= NF; i += 3) s += $i;
            if (s < 1000) print}'
    done | wc -l)
    ids=$(cat "$tmp"/r.*.bb | tr ' ' '\n' | awk -F: 'NF == 3 {print $2}' | sort -un)
    missing=$(comm -23 <(echo "$ids" | sort) <(awk '{print $1}' "$tmp/r.map" | sort) | wc -l)
    if [ "$want" = 24384 ] && [ "$sum" = "$want" ] && [ "$files" = 9 ] && [ "$short" = 0 ] &&
        [ "$missing" = 0 ]; then
        ok "threads-$accel"
    else
        bad "threads-$accel" "sum $sum (insn $want), $files files, $short short, $missing unmapped"
    fi
done

refuses bad-option "$PL/libbbv.so,colour=on" "$tmp/mix"
refuses bad-interval "$PL/libbbv.so,interval=0" "$tmp/mix"
refuses bad-prefix "$PL/libbbv.so,prefix=$tmp/no/such/dir/p" "$tmp/mix"
exit $fail
