/*
 * bbv.c — bundled plugin: basic-block vectors for SimPoint.
 *
 * Options: interval=<insns> (default 100000000), prefix=<path> (default "bbv"),
 * outfile=<path>|- (the summary report, common.h).
 * Files: <prefix>.<vcpu>.bb, one per vCPU index, in SimPoint's .bb format: one line per
 * interval, "T" followed by ":<id>:<count> " for every block executed in the interval (count =
 * executions x instructions of the block), in increasing id order; and <prefix>.map with
 * "<id> 0x<pc> <insns> <symbol|->" per block. Ids start at 1 in order of first translation and
 * are shared by all vCPUs. A vCPU's interval ends at the first block start at which it has
 * executed at least `interval` instructions since its previous vector (so a vector holds at
 * least `interval` instructions, and less than `interval` plus one block); the last, partial
 * interval is written when the thread exits or at process end. A vCPU index reused by a later
 * thread appends to the same file.
 * Summary report: "vcpu N: I intervals, X insns" per vCPU and "B blocks" (the map's size).
 * Threading: each block's counter is a per-vCPU scoreboard with inline adds; a vCPU's running
 * total is its own scoreboard slot, tested by a conditional callback at block start, so the
 * only callback is the one that ends an interval. That callback walks the block table under the
 * mutex (also taken at translation) and touches only its own vCPU's slots and file.
 * State: one struct passed as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct bbv_block {
    unsigned id; /* 1-based */
    uint64_t vaddr;
    size_t n_insns;
    char *symbol;
    struct qemu_plugin_scoreboard *count; /* instructions executed in it, per vCPU */
};

/* One vCPU's scoreboard element. */
struct bbv_vcpu {
    uint64_t insns; /* since the last vector */
    uint64_t total;
    uint64_t intervals;
    FILE *file;
    bool opened; /* the file was created once: later opens append */
};

struct bbv_state {
    uint64_t interval;
    char *prefix;
    struct qemu_plugin_scoreboard *vcpus;
    qemu_plugin_u64 insns;
    GMutex lock;
    GHashTable *blocks; /* (vaddr ^ n_insns << 48) -> struct bbv_block * */
    GPtrArray *by_id;   /* index id - 1 */
    struct report_out out;
};

/* Write vcpu's vector since its last one (if any instruction ran) and start a new interval. */
static void end_interval(struct bbv_state *st, unsigned vcpu)
{
    struct bbv_vcpu *v = qemu_plugin_scoreboard_find(st->vcpus, vcpu);
    if (!v->insns)
        return;
    GString *line = g_string_new("T");
    g_mutex_lock(&st->lock);
    for (guint i = 0; i < st->by_id->len; i++) {
        struct bbv_block *b = g_ptr_array_index(st->by_id, i);
        qemu_plugin_u64 c = qemu_plugin_scoreboard_u64(b->count);
        uint64_t n = qemu_plugin_u64_get(c, vcpu);
        if (n) {
            g_string_append_printf(line, ":%u:%" PRIu64 " ", b->id, n);
            qemu_plugin_u64_set(c, vcpu, 0);
        }
    }
    g_mutex_unlock(&st->lock);
    g_string_append_c(line, '\n');
    if (!v->file) {
        char *path = g_strdup_printf("%s.%u.bb", st->prefix, vcpu);
        v->file = fopen(path, v->opened ? "a" : "w");
        if (!v->file)
            fprintf(stderr, "bbv: cannot create %s\n", path);
        v->opened = true;
        g_free(path);
    }
    if (v->file) {
        fputs(line->str, v->file);
        fflush(v->file);
    }
    g_string_free(line, TRUE);
    v->total += v->insns;
    v->insns = 0;
    v->intervals++;
}

static void on_interval(unsigned vcpu, void *ud)
{
    end_interval(ud, vcpu);
}

/* The last, partial interval of a vCPU; its file is closed (a reused index appends). */
static void finish_vcpu(struct bbv_state *st, unsigned vcpu)
{
    end_interval(st, vcpu);
    struct bbv_vcpu *v = qemu_plugin_scoreboard_find(st->vcpus, vcpu);
    if (v->file) {
        fclose(v->file);
        v->file = NULL;
    }
}

static void on_vcpu_exit(unsigned vcpu, void *ud)
{
    finish_vcpu(ud, vcpu);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct bbv_state *st = ud;
    uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    uint64_t key = vaddr ^ ((uint64_t)n << 48);
    g_mutex_lock(&st->lock);
    struct bbv_block *b = g_hash_table_lookup(st->blocks, &key);
    if (!b) {
        const char *sym = qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
        b = g_new0(struct bbv_block, 1);
        b->id = st->by_id->len + 1;
        b->vaddr = vaddr;
        b->n_insns = n;
        b->symbol = g_strdup(sym ? sym : "-");
        b->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
        g_ptr_array_add(st->by_id, b);
        uint64_t *k = g_new(uint64_t, 1);
        *k = key;
        g_hash_table_insert(st->blocks, k, b);
    }
    g_mutex_unlock(&st->lock);
    qemu_plugin_register_vcpu_tb_exec_cond_cb(tb, on_interval, QEMU_PLUGIN_CB_NO_REGS,
                                              QEMU_PLUGIN_COND_GE, st->insns, st->interval, st);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(b->count), n);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, st->insns,
                                                      n);
}

static void on_exit_cb(void *ud)
{
    struct bbv_state *st = ud;
    GString *out = g_string_new(NULL);
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        finish_vcpu(st, i);
        struct bbv_vcpu *v = qemu_plugin_scoreboard_find(st->vcpus, i);
        g_string_append_printf(out, "vcpu %d: %" PRIu64 " intervals, %" PRIu64 " insns\n", i,
                               v->intervals, v->total);
    }
    char *path = g_strdup_printf("%s.map", st->prefix);
    FILE *map = fopen(path, "w");
    if (map) {
        for (guint i = 0; i < st->by_id->len; i++) {
            const struct bbv_block *b = g_ptr_array_index(st->by_id, i);
            fprintf(map, "%u 0x%" PRIx64 " %zu %s\n", b->id, b->vaddr, b->n_insns, b->symbol);
        }
        fclose(map);
    } else {
        fprintf(stderr, "bbv: cannot create %s\n", path);
    }
    g_free(path);
    g_string_append_printf(out, "%u blocks\n", st->by_id->len);
    report(&st->out, out->str);
    g_string_free(out, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct bbv_state *st = g_new0(struct bbv_state, 1);
    bool ok = true;
    const char *prefix = "bbv";
    unsigned long long interval = 100000000;
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i], *v;
        char *end;
        if ((v = opt_value(a, "interval"))) {
            interval = *v && *v != '-' ? strtoull(v, &end, 10) : 0;
            if (!interval || *end)
                return bad_option("bbv", a, "interval=<insns>, prefix=<path>");
        } else if ((v = opt_value(a, "prefix")) && *v) {
            prefix = v;
        } else if (!opt_outfile(a, "bbv", &st->out, &ok)) {
            return bad_option("bbv", a, "interval=<insns>, prefix=<path>");
        }
    }
    if (!ok)
        return -1;
    st->interval = interval;
    st->prefix = g_strdup(prefix);
    char *probe = g_strdup_printf("%s.map", st->prefix);
    FILE *f = fopen(probe, "w");
    if (!f) {
        fprintf(stderr, "bbv: cannot create %s (prefix=%s)\n", probe, st->prefix);
        g_free(probe);
        return -1;
    }
    fclose(f);
    g_free(probe);
    g_mutex_init(&st->lock);
    st->blocks = g_hash_table_new(g_int64_hash, g_int64_equal);
    st->by_id = g_ptr_array_new();
    st->vcpus = qemu_plugin_scoreboard_new(sizeof(struct bbv_vcpu));
    st->insns = qemu_plugin_scoreboard_u64_in_struct(st->vcpus, struct bbv_vcpu, insns);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_vcpu_exit_cb(id, on_vcpu_exit, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
