/*
 * howvec.c — bundled plugin: the instruction mix, executed instructions per class (load, store,
 * branch, jump, alu, muldiv, fp, atomic, csr, system, other; rv_class.h), compressed versus
 * full-size encodings, and optionally per mnemonic.
 *
 * Options: mnemonic=on|off (default off) adds a table per mnemonic (the first word of the
 * disassembly, so pseudo-instructions such as mv or ret count as themselves), n=<count> limits
 * that table (default 0: all), outfile=<path>|- (common.h).
 * Report: "class count percent" rows, most executed first, then "total", "compressed" and
 * "full-size" lines; with mnemonic=on a "mnemonic count percent" table.
 * Counting: each block is classified once at translation and gets one inline add per class (and
 * per mnemonic) it contains, weighted by how many of its instructions fall into it; a block cut
 * short by a fault still counts all its instructions, as the bb plugin does.
 * Threading: per-vCPU scoreboard slots for all counters, no lock on the execution path; the
 * mnemonic table is protected by a mutex (translation and exit only). State: one struct passed
 * as userdata.
 */
#include "common.h"
#include "rv_class.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One scoreboard element: counters per class, then compressed and full-size encodings. */
struct mix_counts {
    uint64_t cls[RV_NCLASS];
    uint64_t compressed;
    uint64_t full;
};

/* A mnemonic's counter; its name is the hash key. */
struct mnem {
    char *name;
    struct qemu_plugin_scoreboard *count;
    uint64_t total; /* filled at exit for sorting */
};

struct howvec_state {
    bool per_mnemonic;
    unsigned top;
    struct qemu_plugin_scoreboard *score;
    GMutex lock;
    GHashTable *mnems; /* name -> struct mnem * */
    struct report_out out;
};

static qemu_plugin_u64 class_counter(struct howvec_state *st, size_t field_offset)
{
    return (qemu_plugin_u64){st->score, field_offset};
}

/* The counter of the mnemonic of insn (created on first sight). */
static struct mnem *mnem_of(struct howvec_state *st, struct qemu_plugin_insn *insn)
{
    char *d = qemu_plugin_insn_disas(insn);
    size_t len = strcspn(d, " \t");
    d[len] = 0;
    if (!len) {
        g_free(d);
        d = g_strdup("(none)");
    }
    g_mutex_lock(&st->lock);
    struct mnem *m = g_hash_table_lookup(st->mnems, d);
    if (!m) {
        m = g_new0(struct mnem, 1);
        m->name = d;
        m->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
        g_hash_table_insert(st->mnems, m->name, m);
    } else {
        g_free(d);
    }
    g_mutex_unlock(&st->lock);
    return m;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct howvec_state *st = ud;
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint64_t cls[RV_NCLASS] = {0}, compressed = 0;
    GHashTable *local = st->per_mnemonic ? g_hash_table_new(NULL, NULL) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t bytes[4] = {0};
        size_t size = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
        cls[size >= 2 ? rv_classify(bytes, size) : RV_OTHER]++;
        compressed += size == 2;
        if (local) {
            struct mnem *m = mnem_of(st, insn);
            gpointer old = g_hash_table_lookup(local, m);
            g_hash_table_insert(local, m, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
        }
    }
    for (int c = 0; c < RV_NCLASS; c++) {
        if (cls[c])
            qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
                tb, QEMU_PLUGIN_INLINE_ADD_U64,
                class_counter(st, offsetof(struct mix_counts, cls) + c * sizeof(uint64_t)),
                cls[c]);
    }
    if (compressed)
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64,
            class_counter(st, offsetof(struct mix_counts, compressed)), compressed);
    if (n - compressed)
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, class_counter(st, offsetof(struct mix_counts, full)),
            n - compressed);
    if (local) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, local);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            struct mnem *m = k;
            qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
                tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(m->count),
                GPOINTER_TO_SIZE(v));
        }
        g_hash_table_destroy(local);
    }
}

/* A row to sort: name and count. */
struct row {
    const char *name;
    uint64_t count;
};

static gint by_count(gconstpointer a, gconstpointer b)
{
    const struct row *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static double percent(uint64_t part, uint64_t total)
{
    return total ? 100.0 * (double)part / (double)total : 0.0;
}

/* Append the rows of a table, most executed first (all of them when limit is 0). */
static void append_table(GString *out, GArray *rows, uint64_t total, unsigned limit)
{
    g_array_sort(rows, by_count);
    for (guint i = 0; i < rows->len && (!limit || i < limit); i++) {
        const struct row *r = &g_array_index(rows, struct row, i);
        g_string_append_printf(out, "%-12s %14" PRIu64 " %7.2f%%\n", r->name, r->count,
                               percent(r->count, total));
    }
}

static void on_exit_cb(void *ud)
{
    struct howvec_state *st = ud;
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
    uint64_t total = 0;
    for (int c = 0; c < RV_NCLASS; c++) {
        struct row r = {rv_class_names[c],
                        qemu_plugin_u64_sum(class_counter(
                            st, offsetof(struct mix_counts, cls) + c * sizeof(uint64_t)))};
        total += r.count;
        if (r.count)
            g_array_append_val(rows, r);
    }
    uint64_t compressed =
        qemu_plugin_u64_sum(class_counter(st, offsetof(struct mix_counts, compressed)));
    uint64_t full = qemu_plugin_u64_sum(class_counter(st, offsetof(struct mix_counts, full)));
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "%-12s %14s %8s\n", "class", "count", "percent");
    append_table(out, rows, total, 0);
    g_string_append_printf(out, "%-12s %14" PRIu64 "\n", "total", total);
    g_string_append_printf(out, "%-12s %14" PRIu64 " %7.2f%%\n", "compressed", compressed,
                           percent(compressed, total));
    g_string_append_printf(out, "%-12s %14" PRIu64 " %7.2f%%\n", "full-size", full,
                           percent(full, total));
    if (st->per_mnemonic) {
        g_array_set_size(rows, 0);
        g_mutex_lock(&st->lock);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, st->mnems);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            struct mnem *m = v;
            struct row r = {m->name, qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(m->count))};
            if (r.count)
                g_array_append_val(rows, r);
        }
        g_mutex_unlock(&st->lock);
        g_string_append_printf(out, "%-12s %14s %8s\n", "mnemonic", "count", "percent");
        append_table(out, rows, total, st->top);
    }
    report(&st->out, out->str);
    g_string_free(out, TRUE);
    g_array_free(rows, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct howvec_state *st = g_new0(struct howvec_state, 1);
    bool ok = true;
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i];
        if (!opt_bool(a, "mnemonic", &st->per_mnemonic) && !opt_unsigned(a, "n", &st->top) &&
            !opt_outfile(a, "howvec", &st->out, &ok))
            return bad_option("howvec", a, "mnemonic=on|off, n=<count>");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->mnems = g_hash_table_new(g_str_hash, g_str_equal);
    st->score = qemu_plugin_scoreboard_new(sizeof(struct mix_counts));
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
