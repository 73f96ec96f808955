#!/bin/bash
# t_shlib.sh — guest programs that use guest shared libraries built here with the riscv64 cross
# compilers, under plume and qemu-riscv64 (same stdout and exit status, exit 0):
#   dl_main.c     dlopen/dlsym/dladdr/dlclose of libcompat_math.so (compat_math.c) from the
#                 current directory, callbacks both ways (-rdynamic), library TLS in a thread
#   exc_main.cc   linked with libcompat_shapes.so (compat_shapes.cc, found through
#                 RPATH $ORIGIN): C++ exceptions across the library boundary in both directions,
#                 RTTI, iostream formatting and locales
# Dynamic only: a static program cannot use the sysroot's shared libraries.
MB_SRC=$(cd "$(dirname "$0")" && pwd)
. "$MB_SRC/../../misbehave/lib.sh"
MB_OUT=$ROOT/$BUILD/tests/guest-lib
mkdir -p "$MB_OUT"
have_qemu || { echo "qemu-riscv64 is not installed"; exit 77; }
CC=riscv64-linux-gnu-gcc
CXX=riscv64-linux-gnu-g++

# build what cmd...: run a compiler command, failing the test with its log on error.
build()
{
    local what=$1
    shift
    if ! "$@" >"$MB_OUT/$what.log" 2>&1; then
        fail "cannot build $what (see $MB_OUT/$what.log)"
        return 1
    fi
}

# compare name exe: run in $MB_OUT under both emulators with a clean environment.
compare()
{
    local name=$1 exe=$2 pst qst
    (cd "$MB_OUT" && timeout 60 env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" "$exe" \
        >"$exe.plume" 2>"$exe.plume.err")
    pst=$?
    (cd "$MB_OUT" && timeout 60 env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C \
        qemu-riscv64 -L "$SYSROOT" "$exe" >"$exe.qemu" 2>"$exe.qemu.err")
    qst=$?
    if [ "$pst" != "$qst" ] || ! cmp -s "$exe.plume" "$exe.qemu"; then
        fail "$name: plume (exit $pst) and qemu-riscv64 (exit $qst) differ"
        diff "$exe.qemu" "$exe.plume" | head -n 12 | sed 's/^/    /'
        head -n 3 "$exe.plume.err" | sed 's/^/    plume stderr: /'
    elif [ "$pst" != 0 ]; then
        fail "$name: both exit $pst"
        tail -n 3 "$exe.plume" | sed 's/^/    /'
    else
        pass "$name: $(wc -l <"$exe.plume") lines, same under plume and qemu-riscv64"
    fi
}

if build libcompat_math $CC -O2 -g -shared -fPIC "$MB_SRC/compat_math.c" \
    -o "$MB_OUT/libcompat_math.so" -lm &&
    build dl_main $CC -O2 -g -rdynamic "$MB_SRC/dl_main.c" -o "$MB_OUT/dl_main" -ldl -lpthread; then
    compare "dlopen of a guest library" "$MB_OUT/dl_main"
fi
if build libcompat_shapes $CXX -O2 -g -shared -fPIC "$MB_SRC/compat_shapes.cc" \
    -o "$MB_OUT/libcompat_shapes.so" &&
    build exc_main $CXX -O2 -g -I"$MB_SRC" "$MB_SRC/exc_main.cc" -o "$MB_OUT/exc_main" \
        -L"$MB_OUT" -lcompat_shapes -Wl,-rpath,'$ORIGIN'; then
    compare "C++ exceptions across a guest library" "$MB_OUT/exc_main"
fi
finish
