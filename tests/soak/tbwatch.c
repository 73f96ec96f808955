/*
 * tbwatch.c — soak-test plugin: counts translated blocks (and their instructions) and
 * translation-cache flushes, and writes them at exit, so a soak run can show that the cache
 * keeps translating and flushing while plume's memory stays flat. It attaches no
 * instrumentation, so translated blocks run the plain path.
 *
 * Options: out=<path> (required): the file that receives the one-line report
 *   "tbwatch: blocks B insns I flushes F".
 * Threading: tb_trans may run on any vCPU thread, flushes inside exclusive sections: the
 * counters are updated atomically. State: one struct passed as userdata.
 */
#include <glib.h>
#include <inttypes.h>
#include <qemu-plugin.h>
#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct tbwatch {
    uint64_t blocks, insns, flushes;
    char *out;
};

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct tbwatch *w = ud;
    __atomic_add_fetch(&w->blocks, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&w->insns, qemu_plugin_tb_n_insns(tb), __ATOMIC_RELAXED);
}

static void on_flush(void *ud)
{
    struct tbwatch *w = ud;
    __atomic_add_fetch(&w->flushes, 1, __ATOMIC_RELAXED);
}

static void on_exit_cb(void *ud)
{
    struct tbwatch *w = ud;
    FILE *f = fopen(w->out, "w");
    if (f) {
        fprintf(f, "tbwatch: blocks %" PRIu64 " insns %" PRIu64 " flushes %" PRIu64 "\n",
                __atomic_load_n(&w->blocks, __ATOMIC_RELAXED),
                __atomic_load_n(&w->insns, __ATOMIC_RELAXED),
                __atomic_load_n(&w->flushes, __ATOMIC_RELAXED));
        fclose(f);
    }
    g_free(w->out);
    g_free(w);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct tbwatch *w = g_new0(struct tbwatch, 1);
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0 && argv[i][4]) {
            g_free(w->out);
            w->out = g_strdup(argv[i] + 4);
        } else {
            fprintf(stderr, "tbwatch: unknown option '%s' (expected out=<path>)\n", argv[i]);
            g_free(w->out);
            g_free(w);
            return -1;
        }
    }
    if (!w->out) {
        fprintf(stderr, "tbwatch: out=<path> is required\n");
        g_free(w);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, w);
    qemu_plugin_register_flush_cb(id, on_flush, w);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, w);
    return 0;
}
