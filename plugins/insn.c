/*
 * insn.c — bundled plugin: instructions executed, per vCPU and in total.
 *
 * Options: inline=on|off (default on): count with an inline add per instruction, or with a
 * callback per instruction (slower; exercises the callback path); outfile=<path>|- (common.h).
 * Report (qemu_plugin_outs, so visible with `-d plugin`, unless outfile= is given): one
 * "cpu N insns: X" line per vCPU and "total insns: X".
 * Threading: per-vCPU scoreboard slots; no locks. State: one struct passed as userdata.
 */
#include "common.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct insn_state {
    bool use_inline;
    qemu_plugin_u64 count;
    struct report_out out;
};

static void on_insn(unsigned vcpu, void *ud)
{
    struct insn_state *st = ud;
    qemu_plugin_u64_add(st->count, vcpu, 1);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct insn_state *st = ud;
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (st->use_inline)
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                                st->count, 1);
        else
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, st);
    }
}

static void on_exit_cb(void *ud)
{
    struct insn_state *st = ud;
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        reportf(&st->out, "cpu %d insns: %llu\n", i,
                (unsigned long long)qemu_plugin_u64_get(st->count, i));
    }
    reportf(&st->out, "total insns: %llu\n", (unsigned long long)qemu_plugin_u64_sum(st->count));
    qemu_plugin_scoreboard_free(st->count.score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct insn_state *st = g_new0(struct insn_state, 1);
    bool ok = true;
    st->use_inline = true;
    for (int i = 0; i < argc && ok; i++) {
        if (!opt_bool(argv[i], "inline", &st->use_inline) &&
            !opt_outfile(argv[i], "insn", &st->out, &ok))
            return bad_option("insn", argv[i], "inline=on|off");
    }
    if (!ok)
        return -1;
    st->count = qemu_plugin_scoreboard_u64(qemu_plugin_scoreboard_new(sizeof(uint64_t)));
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
