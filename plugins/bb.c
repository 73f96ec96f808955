/*
 * bb.c — bundled plugin: executed blocks and instructions, per vCPU and in total.
 *
 * Options: inline=on|off (default on): count with inline adds at each block start, or with
 * one callback per block execution.
 * Output (qemu_plugin_outs, `-d plugin`): "cpu N: bb's: X, insns: Y" per vCPU, then
 * "total: bb's: X, insns: Y".
 * Threading: per-vCPU scoreboard slots; no locks.
 */
#include <qemu-plugin.h>

#include <stdio.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct bb_counts {
    uint64_t blocks;
    uint64_t insns;
};

struct bb_state {
    bool use_inline;
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 blocks, insns;
};

static struct bb_state st = {.use_inline = true};

static void on_block(unsigned vcpu, void *ud)
{
    qemu_plugin_u64_add(st.blocks, vcpu, 1);
    qemu_plugin_u64_add(st.insns, vcpu, (uintptr_t)ud);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (st.use_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                          st.blocks, 1);
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                          st.insns, n);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS,
                                             (void *)(uintptr_t)n);
    }
}

static void on_exit_cb(void *ud)
{
    char line[128];
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        snprintf(line, sizeof(line), "cpu %d: bb's: %llu, insns: %llu\n", i,
                 (unsigned long long)qemu_plugin_u64_get(st.blocks, i),
                 (unsigned long long)qemu_plugin_u64_get(st.insns, i));
        qemu_plugin_outs(line);
    }
    snprintf(line, sizeof(line), "total: bb's: %llu, insns: %llu\n",
             (unsigned long long)qemu_plugin_u64_sum(st.blocks),
             (unsigned long long)qemu_plugin_u64_sum(st.insns));
    qemu_plugin_outs(line);
    qemu_plugin_scoreboard_free(st.score);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "inline=", 7) &&
            qemu_plugin_bool_parse("inline", argv[i] + 7, &st.use_inline))
            continue;
        fprintf(stderr, "bb: unknown option %s (valid: inline=on|off)\n", argv[i]);
        return -1;
    }
    st.score = qemu_plugin_scoreboard_new(sizeof(struct bb_counts));
    st.blocks = qemu_plugin_scoreboard_u64_in_struct(st.score, struct bb_counts, blocks);
    st.insns = qemu_plugin_scoreboard_u64_in_struct(st.score, struct bb_counts, insns);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, NULL);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
    return 0;
}
