/*
 * insn_cb.c — benchmark plugin: counts executed guest instructions with a callback before every
 * instruction (qemu_plugin_register_vcpu_insn_exec_cb, no register access), the most common and
 * most expensive style of per-instruction instrumentation. Counts go to per-vCPU slots, so the
 * total is exact with several guest threads. Prints "insns N" at exit (out=<path>).
 * Plugin state: one heap struct, reachable from the tb_trans callback through the single
 * file-scope pointer set in qemu_plugin_install (v1 gives tb_trans no userdata).
 */
#define PLUME_PLUGIN_API_VERSION 1
#include <qemu-plugin.h>

#include "bench_plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct insn_cb {
    struct bench_slots *slots;
    const char *out;
};

static struct insn_cb *insn_cb_state;

static void insn_cb_exec(unsigned int vcpu_index, void *userdata)
{
    bench_slots_add_a(userdata, vcpu_index, 1);
}

static void insn_cb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++)
        qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i), insn_cb_exec,
                                               QEMU_PLUGIN_CB_NO_REGS, insn_cb_state->slots);
}

static void insn_cb_exit(qemu_plugin_id_t id, void *userdata)
{
    struct insn_cb *s = userdata;
    bench_write_result(s->out, "insns %llu\n", (unsigned long long)bench_slots_sum(s->slots, 0));
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct insn_cb *s = calloc(1, sizeof *s);
    if (!s || !bench_setup("insn_cb", argc, argv, &s->out, &s->slots)) {
        free(s);
        return -1;
    }
    insn_cb_state = s;
    qemu_plugin_register_vcpu_tb_trans_cb(id, insn_cb_trans);
    qemu_plugin_register_atexit_cb(id, insn_cb_exit, s);
    return 0;
}
