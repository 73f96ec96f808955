#!/bin/bash
# t_versions.sh — versions.c built for API versions 2, 3, 5 and 6, all loaded into one plume
# run: each must see the behaviour of its own version from the same exported symbols
# (insn_data old/new form, int/bool register results, 24/32-byte register descriptors).
. "$(dirname "$0")/lib.sh"
args=()
for v in 2 3 5 6; do
    gcc -std=gnu11 -O2 -fPIC -shared -fvisibility=hidden -Iinclude \
        $(pkg-config --cflags glib-2.0) -DVERSIONS_API=$v tests/plugins/versions.c \
        -o "$tmp/libv$v.so" $(pkg-config --libs glib-2.0) || exit 1
    args+=(-plugin "$tmp/libv$v.so")
done
build_raw "$tmp/g" tests/asm/syscalls.S || exit 1
env -i "$PLUME" "${args[@]}" "$tmp/g" >/dev/null 2>"$tmp/err"
fail=0
for v in 2 3 5 6; do
    grep -q "^versions v$v: ok" "$tmp/err" || { echo "FAIL version $v"; fail=1; }
done
grep FAIL "$tmp/err" | head -5
[ $fail = 0 ] && echo "ok versions 2 3 5 6"
exit $fail
