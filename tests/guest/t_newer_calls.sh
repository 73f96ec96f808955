#!/bin/bash
# t_newer_calls.sh — syscalls qemu-riscv64 7.2 lacks or gets wrong (AIO, openat2, epoll_pwait2,
# futex_waitv, execveat, recvmmsg timeouts, NUMA, process_madvise, remap_file_pages,
# memfd_secret, landlock, keys, fanotify, privileged calls failing for an unprivileged user,
# and the calls plume refuses): tests/guest/extra/newer_calls.c checks Linux's results itself.
# Under plume (static and dynamic) its output must be newer_calls.expected; built natively for
# x86-64 it must print the same lines except the riscv64-only ones (which Linux's own answers
# the expectations are). As root, "ns" mode also checks sethostname, setdomainname, setns and
# the mount API inside private namespaces of forked children (nothing outside changes).
set -u
. "$(dirname "$0")/extra/lib.sh"
ns_expected='sethostname/setdomainname in a new UTS namespace, setns back ok
mount/umount2 and the fsopen..open_tree API in a new mount namespace ok
  nothing is left mounted outside it                         ok'
run_ns() { # program...
    [ "$(id -u)" = 0 ] || return 0
    local out
    out=$("$@" ns)
    [ "$out" = "$ns_expected" ] || { echo "ns mode: $out"; return 1; }
}
for link in static dynamic; do
    exe=$(build_extra newer_calls $link -lpthread) || exit 1
    "$PLUME" "$exe" >"$OUT/newer_calls-$link.out"
    st=$?
    if [ $st != 0 ] || ! diff "$SRC/newer_calls.expected" "$OUT/newer_calls-$link.out"; then
        echo "FAIL ($link): exit $st"; exit 1
    fi
    run_ns "$PLUME" "$exe" || { echo "FAIL ($link, ns)"; exit 1; }
    echo "ok: $link"
done
if command -v gcc >/dev/null; then
    gcc -O2 "$SRC/newer_calls.c" -o "$OUT/newer_calls-native" -lpthread || exit 1
    "$OUT/newer_calls-native" >"$OUT/newer_calls-native.out" || exit 1
    if ! diff <(grep -v '^riscv64:' "$SRC/newer_calls.expected") "$OUT/newer_calls-native.out"; then
        echo "FAIL: native x86-64 Linux disagrees with the expectations"; exit 1
    fi
    run_ns "$OUT/newer_calls-native" || { echo "FAIL (native, ns)"; exit 1; }
    echo "ok: native"
fi
exit 0
