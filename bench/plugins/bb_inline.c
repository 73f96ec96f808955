/*
 * bb_inline.c — benchmark plugin: counts executed translation blocks and their instructions with
 * two version-1 inline adds at the start of every block (+1 to blocks, +n_insns to insns), the
 * cheap block-granular style of counting. Prints "blocks N insns M" at exit (out=<path>).
 * Counters are shared by all vCPUs (plain v1 inline adds; may lose updates with threads).
 * Plugin state: one heap struct, reachable from the tb_trans callback through the single
 * file-scope pointer set in qemu_plugin_install (v1 gives tb_trans no userdata).
 */
#define PLUME_PLUGIN_API_VERSION 1
#include <qemu-plugin.h>

#include "bench_plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct bb_inline {
    uint64_t blocks, insns;
    const char *out;
};

static struct bb_inline *bb_inline_state;

static void bb_inline_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    struct bb_inline *s = bb_inline_state;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &s->blocks, 1);
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &s->insns,
                                             qemu_plugin_tb_n_insns(tb));
}

static void bb_inline_exit(qemu_plugin_id_t id, void *userdata)
{
    struct bb_inline *s = userdata;
    bench_write_result(s->out, "blocks %llu insns %llu\n", (unsigned long long)s->blocks,
                       (unsigned long long)s->insns);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct bb_inline *s = calloc(1, sizeof *s);
    if (!s || !bench_setup("bb_inline", argc, argv, &s->out, NULL)) {
        free(s);
        return -1;
    }
    bb_inline_state = s;
    qemu_plugin_register_vcpu_tb_trans_cb(id, bb_inline_trans);
    qemu_plugin_register_atexit_cb(id, bb_inline_exit, s);
    return 0;
}
