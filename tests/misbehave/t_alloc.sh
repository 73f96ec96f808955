#!/bin/bash
# t_alloc.sh — enormous allocations fail cleanly (alloc.c): malloc/calloc/realloc of 1 TiB or
# more give NULL with ENOMEM, mmap of 1 TiB (with or without MAP_NORESERVE) and MAP_FIXED
# ranges past 2^38 give ENOMEM, mremap growth to 1 TiB fails, brk/sbrk beyond the space leave
# the break unchanged, while a 64 GiB MAP_NORESERVE mapping works. Static and dynamic. Then
# malloc(1 GiB) until NULL: the guest's 2^38-byte space runs out (about 255 blocks), the process
# survives, frees everything and allocates again, in bounded time and host memory.
# qemu-riscv64 is not compared: its riscv64 guests get the host's 47-bit space, so several of
# these succeed there. Finally a host address-space limit (ulimit -v) too small for the guest
# reservation gives one "plume: ..." error line and status 1 (not on sanitizer builds, whose
# runtime needs terabytes of address space before plume starts).
. "$(dirname "$0")/lib.sh"

for link in static dynamic; do
    exe=$(build_guest alloc $link -Wno-alloc-size-larger-than) ||
        { fail "cannot build alloc"; finish; }
    out=$({ timeout 60 "$PLUME" -L "$SYSROOT" "$exe"; } 2>&1)
    st=$?
    if [ "$st" = 0 ] && ! grep -q FAILED <<<"$out"; then
        pass "$link: $(grep -c ': ok' <<<"$out") allocation checks"
    else
        fail "$link: status $(status_name "$st")"
        grep -v ': ok' <<<"$out" | head -n 10 | sed 's/^/    /'
    fi
done

exe=$MB_OUT/alloc-static
out=$MB_OUT/alloc.out.$$
{ run_sampled 120 0.05 "$PLUME" "$exe" exhaust >"$out"; } 2>/dev/null
n=$(sed -n 's/^exhaust: \([0-9]*\) GiB allocated before NULL (ENOMEM)$/\1/p' "$out")
if [ "$RUN_STATUS" != 0 ] || [ -z "$n" ] || [ "$n" -lt 200 ] || [ "$n" -gt 256 ]; then
    fail "exhaust: status $(status_name "$RUN_STATUS"), output [$(cat "$out")]"
elif [ "$RUN_PEAK_KIB" -gt 262144 ]; then
    fail "exhaust: plume peak RSS $RUN_PEAK_KIB KiB, more than 256 MiB"
else
    pass "exhaust: $n GiB before ENOMEM, plume peak RSS $((RUN_PEAK_KIB / 1024)) MiB, ${RUN_SECS} s"
fi
rm -f "$out"

hello=$(build_guest alloc static) # any guest: plume must fail before loading it
if sanitized; then
    # The sanitizer runtime reserves its shadow before main and aborts under the limit.
    echo "ulimit -v 4 GB: skipped on a sanitizer build (its shadow memory needs terabytes)"
    finish
fi
out=$( (ulimit -v 4000000; timeout 20 "$PLUME" "$hello") 2>&1 >/dev/null)
st=$?
if [ "$st" = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] &&
    grep -q '^plume: .*address space' <<<"$out"; then
    pass "ulimit -v 4 GB: $out"
else
    fail "ulimit -v 4 GB: status $(status_name "$st"), stderr [$out]"
fi
finish
