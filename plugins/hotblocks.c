/*
 * hotblocks.c — bundled plugin: the most executed blocks, with their disassembly.
 *
 * Options: n=<N> (how many blocks to list, default 10), outfile=<path>|- (common.h).
 * Report (qemu_plugin_outs, `-d plugin`, unless outfile= is given): per block "pc 0x..., N
 * insns, X executions, T translations" and its instructions ("  0x<addr>: <disassembly>"),
 * hottest first.
 * A block is identified by its start address and length; every translation of it (after a
 * flush, or overlapping re-translations) adds to the same counter.
 * Threading: the block table is protected by a mutex (translation only); counting uses one
 * per-vCPU scoreboard per block with inline adds. State: one struct passed as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct block {
    uint64_t vaddr;
    size_t n_insns;
    unsigned translations;
    char *disas; /* one line per instruction */
    struct qemu_plugin_scoreboard *count;
    uint64_t total; /* filled at exit for sorting */
};

struct hot_state {
    unsigned top;
    GMutex lock;
    GHashTable *blocks; /* key (vaddr ^ n_insns << 48) -> struct block * */
    struct report_out out;
};

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct hot_state *st = ud;
    uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint64_t key = vaddr ^ ((uint64_t)n << 48);
    g_mutex_lock(&st->lock);
    struct block *b = g_hash_table_lookup(st->blocks, &key);
    if (!b) {
        b = g_new0(struct block, 1);
        b->vaddr = vaddr;
        b->n_insns = n;
        b->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < n; i++) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            char *d = qemu_plugin_insn_disas(insn);
            g_string_append_printf(s, "  0x%" PRIx64 ": %s\n", qemu_plugin_insn_vaddr(insn), d);
            g_free(d);
        }
        b->disas = g_string_free(s, FALSE);
        uint64_t *k = g_new(uint64_t, 1);
        *k = key;
        g_hash_table_insert(st->blocks, k, b);
    }
    b->translations++;
    g_mutex_unlock(&st->lock);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(b->count), 1);
}

static gint hotter(gconstpointer a, gconstpointer b)
{
    const struct block *x = *(struct block *const *)a, *y = *(struct block *const *)b;
    if (x->total != y->total)
        return x->total < y->total ? 1 : -1;
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static void on_exit_cb(void *ud)
{
    struct hot_state *st = ud;
    GPtrArray *all = g_ptr_array_new();
    g_mutex_lock(&st->lock);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, st->blocks);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        struct block *b = v;
        b->total = qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(b->count));
        g_ptr_array_add(all, b);
    }
    g_mutex_unlock(&st->lock);
    g_ptr_array_sort(all, hotter);
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "%u distinct blocks, top %u:\n", all->len,
                           st->top < all->len ? st->top : all->len);
    for (guint i = 0; i < all->len && i < st->top; i++) {
        const struct block *b = g_ptr_array_index(all, i);
        g_string_append_printf(out,
                               "pc 0x%" PRIx64 ", %zu insns, %" PRIu64 " executions, %u "
                               "translations\n%s",
                               b->vaddr, b->n_insns, b->total, b->translations, b->disas);
    }
    report(&st->out, out->str);
    g_string_free(out, TRUE);
    g_ptr_array_free(all, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct hot_state *st = g_new0(struct hot_state, 1);
    bool ok = true;
    st->top = 10;
    for (int i = 0; i < argc && ok; i++) {
        if (!opt_unsigned(argv[i], "n", &st->top) &&
            !opt_outfile(argv[i], "hotblocks", &st->out, &ok))
            return bad_option("hotblocks", argv[i], "n=<count>");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->blocks = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
