#!/bin/bash
# t_limits.sh — tests/guest/extra/limits.c (mlockall MCL_FUTURE/MCL_ONFAULT, RLIMIT_AS,
# RLIMIT_DATA: Linux's results checked by the program itself; qemu-riscv64 ignores these
# limits) under plume, static and dynamic, as the current user and, when that is root, also as
# user nobody (RLIMIT_MEMLOCK and CAP_SYS_RESOURCE then apply). Every line must be "ok".
set -u
. "$(dirname "$0")/extra/lib.sh"
users=(self)
[ "$(id -u)" = 0 ] && users+=(nobody)
for link in static dynamic; do
    exe=$(build_extra limits $link) || exit 1
    chmod a+rx "$exe"
    for user in "${users[@]}"; do
        as=()
        [ "$user" = nobody ] && as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        out=$OUT/limits-$link-$user.out
        (cd /tmp && "${as[@]}" "$PLUME" "$exe" >"$out")
        st=$?
        if [ $st != 0 ] || ! diff "$SRC/limits.expected" "$out"; then
            echo "FAIL ($link, $user): exit $st"; exit 1
        fi
        echo "ok: $link as $user"
    done
done
exit 0
