/*
 * insn_inline.c — benchmark plugin: counts executed guest instructions with a version-1 inline
 * add (QEMU_PLUGIN_INLINE_ADD_U64 on one shared uint64_t) attached to every instruction, the
 * cheapest per-instruction instrumentation of API v1. Prints "insns N" at exit (out=<path>).
 * The counter is shared by all vCPUs and updated with plain adds, as v1 inline ops are: with
 * several guest threads it can lose increments (the benchmark takes counts from 1-thread runs).
 * Plugin state: one heap struct, reachable from the tb_trans callback through the single
 * file-scope pointer set in qemu_plugin_install (v1 gives tb_trans no userdata).
 */
#define PLUME_PLUGIN_API_VERSION 1
#include <qemu-plugin.h>

#include "bench_plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct insn_inline {
    uint64_t insns;
    const char *out;
};

static struct insn_inline *insn_inline_state;

static void insn_inline_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++)
        qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i),
                                                   QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &insn_inline_state->insns, 1);
}

static void insn_inline_exit(qemu_plugin_id_t id, void *userdata)
{
    struct insn_inline *s = userdata;
    bench_write_result(s->out, "insns %llu\n", (unsigned long long)s->insns);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct insn_inline *s = calloc(1, sizeof *s);
    if (!s || !bench_setup("insn_inline", argc, argv, &s->out, NULL)) {
        free(s);
        return -1;
    }
    insn_inline_state = s;
    qemu_plugin_register_vcpu_tb_trans_cb(id, insn_inline_trans);
    qemu_plugin_register_atexit_cb(id, insn_inline_exit, s);
    return 0;
}
