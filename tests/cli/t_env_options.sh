#!/bin/bash
# t_env_options.sh — options that shape the guest's process: -E FOO=bar and -U HOME seen by the
# env guest program, QEMU_SET_ENV/QEMU_UNSET_ENV, -0 changes argv[0], -s 1M is accepted, -L and
# -cpu rv64 accepted, and the guest's arguments (including ones that look like plume options)
# are passed through untouched.
. "$(dirname "$0")/lib.sh"

envp=$(build_guest env) || { fail "cannot build env"; finish; }
hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
run() { env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C "$PLUME" "$@" 2>&1; }

out=$(run -E FOO=bar "$envp" '?FOO' '?HOME')
grep -qx 'getenv(FOO) = \[bar\]' <<<"$out" && pass "-E FOO=bar" || fail "-E FOO=bar not seen: $out"
grep -qx 'env: FOO=bar' <<<"$out" && pass "-E adds to environ" || fail "-E not in environ"

out=$(run -U HOME "$envp" '?HOME' '?PATH')
grep -qx 'getenv(HOME) = unset' <<<"$out" && pass "-U HOME" || fail "-U HOME: $out"
grep -qx 'getenv(PATH) = \[/usr/bin:/bin\]' <<<"$out" && pass "-U keeps others" ||
    fail "-U HOME removed too much"

out=$(run -E HOME=/elsewhere -E A=1 -E A=2 "$envp" '?HOME' '?A')
grep -qx 'getenv(HOME) = \[/elsewhere\]' <<<"$out" && grep -qx 'getenv(A) = \[2\]' <<<"$out" &&
    [ "$(grep -c '^env: A=' <<<"$out")" = 1 ] && pass "-E overrides" || fail "-E override: $out"

out=$(env -i PATH=/usr/bin:/bin HOME=/tmp QEMU_SET_ENV=X=1,Y=2 QEMU_UNSET_ENV=HOME "$PLUME" \
    "$envp" '?X' '?Y' '?HOME' 2>&1)
grep -qx 'getenv(X) = \[1\]' <<<"$out" && grep -qx 'getenv(Y) = \[2\]' <<<"$out" &&
    grep -qx 'getenv(HOME) = unset' <<<"$out" && pass "QEMU_SET_ENV/QEMU_UNSET_ENV" ||
    fail "QEMU_SET_ENV/QEMU_UNSET_ENV: $out"

out=$(run -0 myname "$envp" one)
grep -qx 'argv\[0\] = \[myname\]' <<<"$out" && grep -qx 'argv\[1\] = \[one\]' <<<"$out" &&
    pass "-0 myname" || fail "-0 myname: $out"

out=$(run "$envp" -E X=1 -d in_asm -- --help)
if grep -qx 'argv\[1\] = \[-E\]' <<<"$out" && grep -qx 'argv\[3\] = \[-d\]' <<<"$out" &&
    grep -qx 'argv\[5\] = \[--\]' <<<"$out" && ! grep -q 'getenv(X)' <<<"$out"; then
    pass "guest arguments passed through"
else
    fail "guest arguments altered: $out"
fi

out=$(run -s 1M "$hello")
[ "$out" = "hello, world" ] && pass "-s 1M" || fail "-s 1M: $out"
out=$(run -s 1M "$envp" x)
grep -qx 'argv\[1\] = \[x\]' <<<"$out" && pass "-s 1M with libc" || fail "-s 1M with libc: $out"
out=$(run -cpu rv64 -L "$SYSROOT" "$hello")
[ "$out" = "hello, world" ] && pass "-cpu rv64 -L sysroot" || fail "-cpu rv64 -L: $out"
finish
