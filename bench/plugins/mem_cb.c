/*
 * mem_cb.c — benchmark plugin: a callback after every guest memory access (register_vcpu_mem_cb
 * with QEMU_PLUGIN_MEM_RW on every instruction) that classifies it with qemu_plugin_mem_is_store
 * and counts loads and stores in per-vCPU slots. Prints "loads N stores M" at exit (out=<path>).
 * Plugin state: one heap struct, reachable from the tb_trans callback through the single
 * file-scope pointer set in qemu_plugin_install (v1 gives tb_trans no userdata).
 */
#define PLUME_PLUGIN_API_VERSION 1
#include <qemu-plugin.h>

#include "bench_plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct mem_cb {
    struct bench_slots *slots; /* a = loads, b = stores */
    const char *out;
};

static struct mem_cb *mem_cb_state;

static void mem_cb_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
                          void *userdata)
{
    if (qemu_plugin_mem_is_store(info))
        bench_slots_add_b(userdata, vcpu_index, 1);
    else
        bench_slots_add_a(userdata, vcpu_index, 1);
}

static void mem_cb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++)
        qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i), mem_cb_access,
                                         QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         mem_cb_state->slots);
}

static void mem_cb_exit(qemu_plugin_id_t id, void *userdata)
{
    struct mem_cb *s = userdata;
    bench_write_result(s->out, "loads %llu stores %llu\n",
                       (unsigned long long)bench_slots_sum(s->slots, 0),
                       (unsigned long long)bench_slots_sum(s->slots, 1));
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct mem_cb *s = calloc(1, sizeof *s);
    if (!s || !bench_setup("mem_cb", argc, argv, &s->out, &s->slots)) {
        free(s);
        return -1;
    }
    mem_cb_state = s;
    qemu_plugin_register_vcpu_tb_trans_cb(id, mem_cb_trans);
    qemu_plugin_register_atexit_cb(id, mem_cb_exit, s);
    return 0;
}
