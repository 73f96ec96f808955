#!/bin/bash
# t_bundled_cache.sh — the cache plugin on guests/stride.S (two sweeps of an 8 KiB array, one
# load per 64-byte block: 256 loads; all code in two 64-byte lines):
#  - a 4 KiB direct-mapped L1D misses every load (the array is twice its size), a 16 KiB one
#    only in the first sweep (128), a fully associative 4 KiB LRU one every load; the load is
#    the top instruction by misses; L1I: one access per instruction (= insn's total), 2 misses;
#  - L2 sees exactly the L1 misses (258) and misses the 128 + 2 cold blocks;
#  - the 0,64,0,128,0 pattern in a one-set two-way cache: LRU 3 misses, FIFO 4, random 3 or 4
#    depending on the seed (same seed, same result; seeds 1..8 give both);
#  - threads_raw.S with 8 threads, per-vCPU and shared caches, both engines: L1I accesses =
#    insn total, L1D accesses = the mem plugin's reads + writes, per-vCPU rows sum to the total;
#  - bad options and geometries refuse to load.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled_lib.sh"
build_so "$PL"/lib{cache,insn,mem}.so
build_raw "$tmp/stride" tests/plugins/guests/stride.S || exit 1
build_raw "$tmp/pattern" tests/plugins/guests/stride.S -DPATTERN || exit 1
build_raw "$tmp/raw8" tests/plugins/threads_raw.S -DNT=8 -DITER=1000 || exit 1

# cache name guest options: run the plugin with options, report in $tmp/name.txt
cache() { env -i "$PLUME" -plugin "$PL/libcache.so,$3,outfile=$tmp/$1.txt" "$2" >/dev/null; }
rate() { printf '%s: accesses %s, misses %s, miss rate %s%%' "$@"; }
insns=$(insn_total "$tmp/stride")
ldpc=$(riscv64-linux-gnu-objdump -d "$tmp/stride" | awk '$3 == "ld" {sub(":", "", $1); print $1}')

cache dm4k "$tmp/stride" dcachesize=4096,dassoc=1
has direct-mapped-4k "$tmp/dm4k.txt" "$(rate l1d 256 256 100.00)" "$(rate l1i "$insns" 2 0.19)"
grep -A1 '^top 10 instructions by l1d misses:$' "$tmp/dm4k.txt" | grep -q "^0x$ldpc 256 - ld " &&
    ok top-insn || bad top-insn "the load at 0x$ldpc is not first with 256 misses"
cache dm16k "$tmp/stride" dcachesize=16K,dassoc=1
has direct-mapped-16k "$tmp/dm16k.txt" "$(rate l1d 256 128 50.00)"
cache fa "$tmp/stride" dcachesize=4096,dassoc=64
has fully-associative "$tmp/fa.txt" "$(rate l1d 256 256 100.00)"
cache l2 "$tmp/stride" dcachesize=4096,dassoc=1,l2=on
has l2 "$tmp/l2.txt" "$(rate l2 258 130 50.39)"
cache l2small "$tmp/stride" dcachesize=4096,dassoc=1,l2cachesize=4K,l2assoc=4
has l2-small "$tmp/l2small.txt" "$(rate l2 258 258 100.00)"

cache lru "$tmp/pattern" dcachesize=128,dassoc=2
has pattern-lru "$tmp/lru.txt" "$(rate l1d 5 3 60.00)"
cache fifo "$tmp/pattern" dcachesize=128,dassoc=2,policy=fifo
has pattern-fifo "$tmp/fifo.txt" "$(rate l1d 5 4 80.00)"
seen=""
for seed in 1 2 3 4 5 6 7 8; do
    cache r1 "$tmp/pattern" dcachesize=128,dassoc=2,policy=random,seed=$seed
    cache r2 "$tmp/pattern" dcachesize=128,dassoc=2,policy=random,seed=$seed
    cmp -s "$tmp/r1.txt" "$tmp/r2.txt" || bad random-repeat "seed $seed gave two results"
    seen="$seen $(sed -n 's/^l1d: accesses 5, misses \([34]\),.*/\1/p' "$tmp/r1.txt")"
done
[[ "$seen" == *3* && "$seen" == *4* && $(echo $seen | wc -w) = 8 ]] && ok pattern-random ||
    bad pattern-random "misses per seed:$seen"

env -i "$PLUME" -plugin "$PL/libmem.so,outfile=$tmp/mem.txt" "$tmp/raw8" >/dev/null
mem=$(sed -n 's/^reads: \([0-9]*\), writes: \([0-9]*\)$/\1 + \2/p' "$tmp/mem.txt")
mem=$((mem))
for accel in interp jit; do
    for shared in off on; do
        name=threads-$accel-shared-$shared
        env -i "$PLUME" -accel $accel -plugin \
            "$PL/libcache.so,shared=$shared,outfile=$tmp/t.txt" "$tmp/raw8" >/dev/null
        i=$(sed -n 's/^l1i: accesses \([0-9]*\),.*/\1/p' "$tmp/t.txt")
        d=$(sed -n 's/^l1d: accesses \([0-9]*\),.*/\1/p' "$tmp/t.txt")
        rows=$(grep -c '^vcpu [0-9]* l1i: ' "$tmp/t.txt")
        vsum=$(sed -n 's/^vcpu [0-9]* l1i: accesses \([0-9]*\),.*/\1/p' "$tmp/t.txt" |
            awk '{s += $1} END {print s + 0}')
        want_rows=9 want_vsum=24384
        [ $shared = on ] && want_rows=0 want_vsum=0
        if [ "$i" = 24384 ] && [ "$d" = "$mem" ] && [ "$rows" = $want_rows ] &&
            [ "$vsum" = $want_vsum ]; then
            ok "$name"
        else
            bad "$name" "l1i $i, l1d $d (mem $mem), $rows vcpu rows summing to $vsum"
        fi
    done
done

refuses bad-option "$PL/libcache.so,colour=on" "$tmp/pattern"
refuses bad-policy "$PL/libcache.so,policy=mru" "$tmp/pattern"
refuses bad-size "$PL/libcache.so,dcachesize=12x" "$tmp/pattern"
refuses bad-geometry "$PL/libcache.so,dcachesize=3000,dassoc=3" "$tmp/pattern"
refuses bad-blksize "$PL/libcache.so,iblksize=48" "$tmp/pattern"
exit $fail
