/*
 * mem.c — bundled plugin: guest memory accesses by direction, with an optional trace.
 *
 * Options:
 *   inline=on|off  count with inline ops (default on) or with callbacks
 *   rw=r|w|rw      which accesses to count and trace (default rw)
 *   trace=on|off   print every access: "vcpu pc R|W size vaddr value" (default off)
 * Output (qemu_plugin_outs, `-d plugin`): the trace lines, then "reads: X, writes: Y".
 * Threading: per-vCPU scoreboard slots; trace lines are single qemu_plugin_outs calls.
 */
#include <qemu-plugin.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct mem_counts {
    uint64_t reads;
    uint64_t writes;
};

struct mem_state {
    bool use_inline, trace;
    enum qemu_plugin_mem_rw rw;
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 reads, writes;
};

static struct mem_state st = {.use_inline = true, .rw = QEMU_PLUGIN_MEM_RW};

static void on_access(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    bool store = qemu_plugin_mem_is_store(info);
    if (!st.use_inline)
        qemu_plugin_u64_add(store ? st.writes : st.reads, vcpu, 1);
    if (!st.trace)
        return;
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    char val[40];
    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8: snprintf(val, sizeof(val), "0x%02x", v.data.u8); break;
    case QEMU_PLUGIN_MEM_VALUE_U16: snprintf(val, sizeof(val), "0x%04x", v.data.u16); break;
    case QEMU_PLUGIN_MEM_VALUE_U32: snprintf(val, sizeof(val), "0x%08" PRIx32, v.data.u32); break;
    case QEMU_PLUGIN_MEM_VALUE_U64: snprintf(val, sizeof(val), "0x%016" PRIx64, v.data.u64); break;
    default:
        snprintf(val, sizeof(val), "0x%016" PRIx64 "%016" PRIx64, v.data.u128.high,
                 v.data.u128.low);
        break;
    }
    char line[128];
    snprintf(line, sizeof(line), "%u 0x%" PRIx64 " %c %u 0x%" PRIx64 " %s\n", vcpu,
             (uint64_t)(uintptr_t)ud, store ? 'W' : 'R', 1u << qemu_plugin_mem_size_shift(info),
             vaddr, val);
    qemu_plugin_outs(line);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (st.use_inline) {
            if (st.rw & QEMU_PLUGIN_MEM_R)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                    insn, QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_INLINE_ADD_U64, st.reads, 1);
            if (st.rw & QEMU_PLUGIN_MEM_W)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                    insn, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64, st.writes, 1);
        }
        if (!st.use_inline || st.trace)
            qemu_plugin_register_vcpu_mem_cb(insn, on_access, QEMU_PLUGIN_CB_NO_REGS, st.rw,
                                             (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
    }
}

static void on_exit_cb(void *ud)
{
    char line[96];
    snprintf(line, sizeof(line), "reads: %" PRIu64 ", writes: %" PRIu64 "\n",
             qemu_plugin_u64_sum(st.reads), qemu_plugin_u64_sum(st.writes));
    qemu_plugin_outs(line);
    qemu_plugin_scoreboard_free(st.score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strncmp(a, "inline=", 7) && qemu_plugin_bool_parse("inline", a + 7, &st.use_inline))
            continue;
        if (!strncmp(a, "trace=", 6) && qemu_plugin_bool_parse("trace", a + 6, &st.trace))
            continue;
        if (!strcmp(a, "rw=r") || !strcmp(a, "rw=w") || !strcmp(a, "rw=rw")) {
            st.rw = !strcmp(a, "rw=r") ? QEMU_PLUGIN_MEM_R
                    : !strcmp(a, "rw=w") ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_RW;
            continue;
        }
        fprintf(stderr, "mem: unknown option %s (valid: inline=on|off, trace=on|off, "
                        "rw=r|w|rw)\n", a);
        return -1;
    }
    st.score = qemu_plugin_scoreboard_new(sizeof(struct mem_counts));
    st.reads = qemu_plugin_scoreboard_u64_in_struct(st.score, struct mem_counts, reads);
    st.writes = qemu_plugin_scoreboard_u64_in_struct(st.score, struct mem_counts, writes);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, NULL);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
    return 0;
}
