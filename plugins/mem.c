/*
 * mem.c — bundled plugin: guest memory accesses by direction, with an optional trace.
 *
 * Options:
 *   inline=on|off        count with inline ops (default on) or with callbacks
 *   rw=r|w|rw            which accesses to count and trace (default rw)
 *   trace=on|off         print every access: "vcpu pc R|W size vaddr value" (default off)
 *   outfile=<path>|-     report destination (common.h)
 * Report (qemu_plugin_outs, `-d plugin`, unless outfile= is given): the trace lines, then
 * "reads: X, writes: Y".
 * Threading: per-vCPU scoreboard slots; trace lines are single report() calls; the table of
 * instrumented instructions is protected by a mutex (translation only). State: one struct
 * passed as userdata (memory callbacks get their instruction's entry, which points back to it).
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct mem_counts {
    uint64_t reads;
    uint64_t writes;
};

struct mem_state;

/* Userdata of an instruction's memory callback. */
struct mem_insn {
    struct mem_state *st;
    uint64_t pc;
};

struct mem_state {
    bool use_inline, trace;
    enum qemu_plugin_mem_rw rw;
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 reads, writes;
    struct report_out out;
    GMutex lock;
    GHashTable *insns; /* pc -> struct mem_insn * */
};

static void on_access(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    const struct mem_insn *mi = ud;
    struct mem_state *st = mi->st;
    bool store = qemu_plugin_mem_is_store(info);
    if (!st->use_inline)
        qemu_plugin_u64_add(store ? st->writes : st->reads, vcpu, 1);
    if (!st->trace)
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
    reportf(&st->out, "%u 0x%" PRIx64 " %c %u 0x%" PRIx64 " %s\n", vcpu, mi->pc, store ? 'W' : 'R',
            1u << qemu_plugin_mem_size_shift(info), vaddr, val);
}

/* The callback userdata of the instruction at pc (one per address, kept until exit). */
static struct mem_insn *insn_entry(struct mem_state *st, uint64_t pc)
{
    g_mutex_lock(&st->lock);
    struct mem_insn *mi = g_hash_table_lookup(st->insns, &pc);
    if (!mi) {
        mi = g_new(struct mem_insn, 1);
        *mi = (struct mem_insn){st, pc};
        g_hash_table_insert(st->insns, &mi->pc, mi);
    }
    g_mutex_unlock(&st->lock);
    return mi;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct mem_state *st = ud;
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (st->use_inline) {
            if (st->rw & QEMU_PLUGIN_MEM_R)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                    insn, QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_INLINE_ADD_U64, st->reads, 1);
            if (st->rw & QEMU_PLUGIN_MEM_W)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                    insn, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64, st->writes, 1);
        }
        if (!st->use_inline || st->trace)
            qemu_plugin_register_vcpu_mem_cb(insn, on_access, QEMU_PLUGIN_CB_NO_REGS, st->rw,
                                             insn_entry(st, qemu_plugin_insn_vaddr(insn)));
    }
}

static void on_exit_cb(void *ud)
{
    struct mem_state *st = ud;
    reportf(&st->out, "reads: %" PRIu64 ", writes: %" PRIu64 "\n", qemu_plugin_u64_sum(st->reads),
            qemu_plugin_u64_sum(st->writes));
    qemu_plugin_scoreboard_free(st->score);
}

/* Handle "rw=r|w|rw" (true if arg is a valid rw option). */
static bool opt_rw(const char *arg, enum qemu_plugin_mem_rw *rw)
{
    const char *v = opt_value(arg, "rw");
    if (!v)
        return false;
    *rw = !strcmp(v, "r")    ? QEMU_PLUGIN_MEM_R
          : !strcmp(v, "w")  ? QEMU_PLUGIN_MEM_W
          : !strcmp(v, "rw") ? QEMU_PLUGIN_MEM_RW
                             : 0;
    return *rw != 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct mem_state *st = g_new0(struct mem_state, 1);
    bool ok = true;
    st->use_inline = true;
    st->rw = QEMU_PLUGIN_MEM_RW;
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i];
        if (!opt_bool(a, "inline", &st->use_inline) && !opt_bool(a, "trace", &st->trace) &&
            !opt_rw(a, &st->rw) && !opt_outfile(a, "mem", &st->out, &ok))
            return bad_option("mem", a, "inline=on|off, trace=on|off, rw=r|w|rw");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->insns = g_hash_table_new(g_int64_hash, g_int64_equal);
    st->score = qemu_plugin_scoreboard_new(sizeof(struct mem_counts));
    st->reads = qemu_plugin_scoreboard_u64_in_struct(st->score, struct mem_counts, reads);
    st->writes = qemu_plugin_scoreboard_u64_in_struct(st->score, struct mem_counts, writes);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
