/*
 * lifecycle.c — qemu_plugin_reset and qemu_plugin_uninstall from inside execution callbacks
 * (API v7). After 10 executed blocks the plugin requests a reset; the completion callback
 * registers a second set of callbacks (and an atexit that must never run); after 10 more blocks
 * it requests its uninstall. Asserts: no phase-1 callback after the reset completed, a flush
 * callback before the reset completion, the uninstall completion runs once, the library's
 * destructor runs after it. Prints "lifecycle: ok" from the destructor, or FAIL lines.
 * Threading: single-threaded guests.
 */
#include <qemu-plugin.h>

#include <stdio.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct life {
    qemu_plugin_id_t id;
    int phase; /* 1 before the reset completed, 2 after, 3 after the uninstall completed */
    int blocks1, blocks2, flushes_before_reset, fails;
    bool reset_requested, uninstall_requested;
};

static struct life st = {.phase = 1};

static void fail(const char *what)
{
    fprintf(stderr, "lifecycle: FAIL %s\n", what);
    st.fails++;
}

static void on_uninstalled(void *ud)
{
    if (st.phase != 2)
        fail("uninstall completion in the wrong phase");
    st.phase = 3;
}

static void block2(unsigned idx, void *ud)
{
    if (st.phase != 2)
        fail("phase-2 callback outside phase 2");
    if (++st.blocks2 == 10 && !st.uninstall_requested) {
        st.uninstall_requested = true;
        qemu_plugin_uninstall(st.id, on_uninstalled, NULL);
    }
}

static void trans2(struct qemu_plugin_tb *tb, void *ud)
{
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block2, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void never(void *ud)
{
    fail("atexit of an uninstalled plugin ran");
}

static void on_reset(void *ud)
{
    if (st.flushes_before_reset == 0)
        fail("no flush before the reset completion");
    st.phase = 2;
    qemu_plugin_register_vcpu_tb_trans_cb(st.id, trans2, NULL);
    qemu_plugin_register_atexit_cb(st.id, never, NULL);
}

static void block1(unsigned idx, void *ud)
{
    if (st.phase != 1)
        fail("phase-1 callback after the reset");
    if (++st.blocks1 == 10 && !st.reset_requested) {
        st.reset_requested = true;
        qemu_plugin_reset(st.id, on_reset, NULL);
    }
}

static void trans1(struct qemu_plugin_tb *tb, void *ud)
{
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block1, QEMU_PLUGIN_CB_NO_REGS, NULL);
}

static void on_flush(void *ud)
{
    if (st.phase == 1)
        st.flushes_before_reset++;
}

__attribute__((destructor)) static void verdict(void)
{
    if (st.phase != 3)
        fail("not uninstalled");
    if (!st.fails)
        fprintf(stderr, "lifecycle: ok\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    st.id = id;
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans1, NULL);
    qemu_plugin_register_flush_cb(id, on_flush, NULL);
    return 0;
}
