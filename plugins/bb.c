/*
 * bb.c — bundled plugin: executed blocks and instructions, per vCPU and in total.
 *
 * Options: inline=on|off (default on): count with inline adds at each block start, or with
 * one callback per block execution; outfile=<path>|- (common.h).
 * Report (qemu_plugin_outs, `-d plugin`, unless outfile= is given): "cpu N: bb's: X, insns: Y"
 * per vCPU, then "total: bb's: X, insns: Y".
 * Threading: per-vCPU scoreboard slots; no locks. State: one struct passed as userdata; the
 * callback of a block of n instructions gets &state.by_len[n], which knows n and the state.
 */
#include "common.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Longest block the callback mode handles (QEMU's and plume's translation limit). */
#define BB_MAX_INSNS 512

struct bb_counts {
    uint64_t blocks;
    uint64_t insns;
};

struct bb_state;

/* Userdata of a block callback: the block's length. */
struct bb_len {
    struct bb_state *st;
    uint64_t n;
};

struct bb_state {
    bool use_inline;
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 blocks, insns;
    struct report_out out;
    struct bb_len by_len[BB_MAX_INSNS + 1];
};

static void on_block(unsigned vcpu, void *ud)
{
    const struct bb_len *len = ud;
    qemu_plugin_u64_add(len->st->blocks, vcpu, 1);
    qemu_plugin_u64_add(len->st->insns, vcpu, len->n);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct bb_state *st = ud;
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (st->use_inline || n > BB_MAX_INSNS) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                          st->blocks, 1);
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, st->insns,
                                                          n);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS, &st->by_len[n]);
    }
}

static void on_exit_cb(void *ud)
{
    struct bb_state *st = ud;
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        reportf(&st->out, "cpu %d: bb's: %llu, insns: %llu\n", i,
                (unsigned long long)qemu_plugin_u64_get(st->blocks, i),
                (unsigned long long)qemu_plugin_u64_get(st->insns, i));
    }
    reportf(&st->out, "total: bb's: %llu, insns: %llu\n",
            (unsigned long long)qemu_plugin_u64_sum(st->blocks),
            (unsigned long long)qemu_plugin_u64_sum(st->insns));
    qemu_plugin_scoreboard_free(st->score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct bb_state *st = g_new0(struct bb_state, 1);
    bool ok = true;
    st->use_inline = true;
    for (int i = 0; i < argc && ok; i++) {
        if (!opt_bool(argv[i], "inline", &st->use_inline) &&
            !opt_outfile(argv[i], "bb", &st->out, &ok))
            return bad_option("bb", argv[i], "inline=on|off");
    }
    if (!ok)
        return -1;
    for (unsigned n = 0; n <= BB_MAX_INSNS; n++)
        st->by_len[n] = (struct bb_len){st, n};
    st->score = qemu_plugin_scoreboard_new(sizeof(struct bb_counts));
    st->blocks = qemu_plugin_scoreboard_u64_in_struct(st->score, struct bb_counts, blocks);
    st->insns = qemu_plugin_scoreboard_u64_in_struct(st->score, struct bb_counts, insns);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
