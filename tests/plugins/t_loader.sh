#!/bin/bash
# t_loader.sh — plugin loading and -plugin parsing end to end: exact error lines and exit
# statuses of every load failure (spec §2.7), option errors, help, argv passing (",," escape,
# accumulation for a repeated path), QEMU_PLUGIN first, ".so" completion, atexit callbacks of
# earlier plugins when a later one fails, uninstall from install aborting.
. "$(dirname "$0")/lib.sh"
fail=0
build_raw "$tmp/hello" tests/asm/hello.S || exit 1

# mkplugin name 'C body' — a plugin built from a few lines against our header.
mkplugin() {
    printf '#include <qemu-plugin.h>\n#include <stdio.h>\n%s\n' "$2" >"$tmp/$1.c"
    gcc -std=gnu11 -fPIC -shared -Iinclude $(pkg-config --cflags glib-2.0) "$tmp/$1.c" \
        -o "$tmp/lib$1.so" || { echo "FAIL build $1"; fail=1; }
}
# expect name status 'stderr substring' plume-args...
expect() {
    local name=$1 want=$2 text=$3
    shift 3
    (cd "$tmp" && "$PLUME" "$@" >"$tmp/out" 2>"$tmp/err")
    local st=$?
    if [ "$st" != "$want" ] || ! grep -qF -- "$text" "$tmp/err" "$tmp/out"; then
        echo "FAIL $name: status $st (want $want), output:"; cat "$tmp/err" "$tmp/out" | head -5
        fail=1
    else
        echo "ok $name"
    fi
}

mkplugin noinstall 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 7;'
mkplugin noversion 'QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
    const qemu_info_t *i, int c, char **v) { return 0; }'
mkplugin v0 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 0;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) { return 0; }'
mkplugin v8 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 8;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) { return 0; }'
mkplugin rc3 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 7;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) { return 3; }'
mkplugin undef 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;
unsigned long qemu_plugin_hwaddr_device_offset(const void *h);
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) { return (int)qemu_plugin_hwaddr_device_offset(0); }'
mkplugin args 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 7;
static void bye(void *u) { fprintf(stderr, "atexit %s\n", (char *)u); }
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) {
    fprintf(stderr, "info %s %d %d %d argc=%d", i->target_name, i->version.min, i->version.cur,
            i->system_emulation, c);
    for (int k = 0; k < c; k++) fprintf(stderr, " [%s]", v[k]);
    fprintf(stderr, "\n");
    qemu_plugin_register_atexit_cb(id, bye, "args");
    return 0; }'
mkplugin uninst 'QEMU_PLUGIN_EXPORT int qemu_plugin_version = 7;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *i, int c,
    char **v) { qemu_plugin_uninstall(id, NULL, NULL); return 0; }'

P="Could not load plugin"
expect missing 1 "plume: $P ./libnothere.so: " -plugin ./libnothere.so ./hello
expect noinstall 1 "plume: $P ./libnoinstall.so: " -plugin ./libnoinstall.so ./hello
expect noinstall-reason 1 '"qemu_plugin_install"' -plugin ./libnoinstall.so ./hello
expect noversion 1 "plume: $P ./libnoversion.so: " -plugin ./libnoversion.so ./hello
expect noversion-reason 1 '"qemu_plugin_version"' -plugin ./libnoversion.so ./hello
expect too-old 1 "plume: $P ./libv0.so: plugin declares API version 0, older than the minimum 1" \
    -plugin ./libv0.so ./hello
expect too-new 1 "plume: $P ./libv8.so: plugin declares API version 8, newer than the maximum 7" \
    -plugin ./libv8.so ./hello
expect install-rc 1 "plume: $P ./librc3.so: qemu_plugin_install returned error code 3" \
    -plugin ./librc3.so ./hello
expect undefined-symbol 1 "qemu_plugin_hwaddr_device_offset" -plugin ./libundef.so ./hello
expect earlier-atexit 1 "atexit args" -plugin ./libargs.so -plugin ./librc3.so ./hello
expect no-cwd-search 1 "plume: $P libargs.so: " -plugin libargs.so ./hello
expect so-suffix 0 "info riscv64 1 7 0 argc=0" -plugin ./libargs ./hello
expect argv 0 "argc=4 [a=1] [s=x,y] [k=a=b] [b=2]" \
    -plugin ./libargs.so,a=1,s=x,,y,k=a=b,id=x -plugin file=./libargs.so,b=2 ./hello
(cd "$tmp" && QEMU_PLUGIN=./libargs.so,e=1 "$PLUME" -plugin ./libargs.so,c=2 ./hello \
    >"$tmp/out" 2>"$tmp/err")
if grep -qF "argc=2 [e=1] [c=2]" "$tmp/err"; then echo "ok env-first"; else
    echo "FAIL env-first: $(cat "$tmp/err")"; fail=1; fi
expect no-file 1 "plume: -plugin: argument 'x' needs a preceding file=<plugin>" -plugin x=1 ./hello
expect empty-file 1 "plume: -plugin: 'file' needs a non-empty plugin path" -plugin file= ./hello
expect help 0 "-plugin [file=]<path>" -plugin help ./hello
expect help-value 0 "-plugin [file=]<path>" -plugin ./libargs.so,k=? ./hello
expect uninstall-in-install 134 "qemu_plugin_uninstall called from qemu_plugin_install" \
    -plugin ./libuninst.so ./hello
exit $fail
