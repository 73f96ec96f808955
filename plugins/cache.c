/*
 * cache.c — bundled plugin: a set-associative cache simulator fed with the guest's instruction
 * fetches and data accesses: L1 instruction and data caches and an optional unified L2.
 *
 * Options (sizes in bytes, with an optional K or M suffix):
 *   icachesize, iassoc, iblksize   L1 instruction cache (default 32K, 8, 64)
 *   dcachesize, dassoc, dblksize   L1 data cache (default 32K, 8, 64)
 *   l2=on|off                      unified L2 behind both L1s (default off; any l2* option
 *   l2cachesize, l2assoc, l2blksize  turns it on; default 1M, 16, 64)
 *   policy=lru|fifo|random         replacement policy of every cache (default lru)
 *   seed=<n>                       seed of the random policy (default 1)
 *   shared=on|off                  one set of caches for all vCPUs (default off: per vCPU)
 *   n=<count>                      instructions listed per miss table (default 10)
 *   outfile=<path>|-               report destination (common.h)
 * Model: every executed instruction is one fetch of the block holding its address; every load
 * and store (atomics: both) is one access of the block holding its address (an access that
 * straddles two blocks counts in the first). An L1 miss becomes an L2 access. No write-back or
 * write-allocate distinction: a store miss allocates like a load miss. Invalid ways are filled
 * first; then LRU evicts the least recently used way, FIFO the longest resident, random a way
 * drawn from a per-cache xorshift generator seeded from `seed` (so runs are reproducible).
 * Report: "<cache>: accesses A, misses M, miss rate R%" per cache (all vCPUs), with per-vCPU rows
 * "vcpu N <cache>: ..." when caches are per vCPU and more than one vCPU ran, then for each cache
 * the top-n instructions by misses: "0x<pc> <misses> <symbol|-> <disassembly>".
 * Threading: per-vCPU caches (the default) are owned by their vCPU thread and need no lock; a
 * vCPU's caches are found through its scoreboard slot. Shared caches take one mutex per cache per
 * access. Per-instruction miss counters are atomic adds (on misses only). The instruction table
 * and the list of cache sets are protected by the state mutex (translation, creation and exit).
 * State: one struct passed as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum policy { POLICY_LRU, POLICY_FIFO, POLICY_RANDOM };
enum level { L1I, L1D, L2, NLEVELS };

static const char *const level_names[NLEVELS] = {"l1i", "l1d", "l2"};

/* Option names of each level's size, associativity and block size. */
static const char *const geometry_names[NLEVELS][3] = {
    {"icachesize", "iassoc", "iblksize"},
    {"dcachesize", "dassoc", "dblksize"},
    {"l2cachesize", "l2assoc", "l2blksize"},
};

struct cache_cfg {
    uint64_t size;
    unsigned assoc, blksize;
};

struct cache {
    unsigned blk_bits, assoc;
    uint64_t set_mask;
    uint64_t *tags;  /* sets x assoc block numbers; UINT64_MAX = invalid */
    uint64_t *stamp; /* LRU: last use, FIFO: fill time */
    uint64_t clock, rng;
    uint64_t accesses, misses;
    GMutex lock; /* shared caches only */
};

/* The caches of one vCPU (or of all, when shared). */
struct core {
    unsigned vcpu;
    struct cache *c[NLEVELS]; /* c[L2] NULL without L2 */
};

/* One instruction: userdata of its callbacks; miss counters updated atomically. */
struct cinsn {
    uint64_t pc;
    char *disas;
    const char *symbol;
    uint64_t misses[NLEVELS];
};

struct cache_state {
    struct cache_cfg cfg[NLEVELS];
    bool l2, shared;
    enum policy policy;
    uint64_t seed;
    unsigned top;
    struct core *shared_core;
    struct qemu_plugin_scoreboard *cores; /* per-vCPU struct core * */
    GMutex lock;
    GPtrArray *all_cores;
    GHashTable *insns; /* pc -> struct cinsn * */
    struct report_out out;
};

/* Userdata of one callback: the state and the instruction. */
struct cb_data {
    struct cache_state *st;
    struct cinsn *insn;
};

static struct cache *cache_new(const struct cache_cfg *cfg, uint64_t seed)
{
    struct cache *c = g_new0(struct cache, 1);
    uint64_t sets = cfg->size / ((uint64_t)cfg->assoc * cfg->blksize);
    c->blk_bits = __builtin_ctz(cfg->blksize);
    c->assoc = cfg->assoc;
    c->set_mask = sets - 1;
    c->tags = g_new(uint64_t, sets * cfg->assoc);
    memset(c->tags, 0xff, sets * cfg->assoc * sizeof(uint64_t));
    c->stamp = g_new0(uint64_t, sets * cfg->assoc);
    c->rng = seed ? seed : 1;
    g_mutex_init(&c->lock);
    return c;
}

static uint64_t next_random(struct cache *c)
{
    c->rng ^= c->rng << 13;
    c->rng ^= c->rng >> 7;
    c->rng ^= c->rng << 17;
    return c->rng;
}

/* Look addr up, filling its block on a miss; true on a hit. Caller serialises access to c. */
static bool cache_access(struct cache *c, enum policy policy, uint64_t addr)
{
    uint64_t blk = addr >> c->blk_bits;
    uint64_t *tags = c->tags + (blk & c->set_mask) * c->assoc;
    uint64_t *stamp = c->stamp + (blk & c->set_mask) * c->assoc;
    c->accesses++;
    c->clock++;
    for (unsigned w = 0; w < c->assoc; w++) {
        if (tags[w] == blk) {
            if (policy == POLICY_LRU)
                stamp[w] = c->clock;
            return true;
        }
    }
    c->misses++;
    unsigned victim = 0;
    for (unsigned w = 0; w < c->assoc; w++) {
        if (tags[w] == UINT64_MAX) {
            victim = w;
            goto fill;
        }
    }
    if (policy == POLICY_RANDOM) {
        victim = next_random(c) % c->assoc;
    } else {
        for (unsigned w = 1; w < c->assoc; w++) {
            if (stamp[w] < stamp[victim])
                victim = w;
        }
    }
fill:
    tags[victim] = blk;
    stamp[victim] = c->clock;
    return false;
}

static struct core *core_new(struct cache_state *st, unsigned vcpu)
{
    struct core *k = g_new0(struct core, 1);
    k->vcpu = vcpu;
    for (int l = 0; l < NLEVELS; l++) {
        if (l != L2 || st->l2)
            k->c[l] = cache_new(&st->cfg[l], st->seed + 0x9e3779b97f4a7c15ull * (l + 1));
    }
    g_mutex_lock(&st->lock);
    g_ptr_array_add(st->all_cores, k);
    g_mutex_unlock(&st->lock);
    return k;
}

/* The caches vcpu uses (created on its first access). */
static struct core *core_of(struct cache_state *st, unsigned vcpu)
{
    if (st->shared)
        return st->shared_core;
    struct core **slot = qemu_plugin_scoreboard_find(st->cores, vcpu);
    if (!*slot)
        *slot = core_new(st, vcpu);
    return *slot;
}

/* One access at a level; true on a hit. */
static bool level_access(struct cache_state *st, struct cache *c, uint64_t addr)
{
    if (!st->shared)
        return cache_access(c, st->policy, addr);
    g_mutex_lock(&c->lock);
    bool hit = cache_access(c, st->policy, addr);
    g_mutex_unlock(&c->lock);
    return hit;
}

static void access_from(struct cache_state *st, struct core *k, enum level l1, struct cinsn *insn,
                        uint64_t addr)
{
    if (level_access(st, k->c[l1], addr))
        return;
    __atomic_fetch_add(&insn->misses[l1], 1, __ATOMIC_RELAXED);
    if (k->c[L2] && !level_access(st, k->c[L2], addr))
        __atomic_fetch_add(&insn->misses[L2], 1, __ATOMIC_RELAXED);
}

static void on_fetch(unsigned vcpu, void *ud)
{
    struct cb_data *d = ud;
    access_from(d->st, core_of(d->st, vcpu), L1I, d->insn, d->insn->pc);
}

static void on_data(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    struct cb_data *d = ud;
    access_from(d->st, core_of(d->st, vcpu), L1D, d->insn, vaddr);
}

/* The callback userdata of the instruction (one per address, kept until exit). */
static struct cb_data *insn_data(struct cache_state *st, struct qemu_plugin_insn *insn)
{
    uint64_t pc = qemu_plugin_insn_vaddr(insn);
    g_mutex_lock(&st->lock);
    struct cb_data *d = g_hash_table_lookup(st->insns, &pc);
    if (!d) {
        struct cinsn *ci = g_new0(struct cinsn, 1);
        ci->pc = pc;
        ci->disas = qemu_plugin_insn_disas(insn);
        ci->symbol = qemu_plugin_insn_symbol(insn);
        d = g_new(struct cb_data, 1);
        *d = (struct cb_data){st, ci};
        g_hash_table_insert(st->insns, &ci->pc, d);
    }
    g_mutex_unlock(&st->lock);
    return d;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct cache_state *st = ud;
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        struct cb_data *d = insn_data(st, insn);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_fetch, QEMU_PLUGIN_CB_NO_REGS, d);
        qemu_plugin_register_vcpu_mem_cb(insn, on_data, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         d);
    }
}

static void append_rate(GString *out, const char *prefix, enum level l, uint64_t acc, uint64_t mis)
{
    g_string_append_printf(out, "%s%s: accesses %" PRIu64 ", misses %" PRIu64 ", miss rate %.2f%%\n",
                           prefix, level_names[l], acc, mis, acc ? 100.0 * mis / acc : 0.0);
}

/* Most misses at level GPOINTER_TO_INT(data) first, then by address. */
static gint by_level_misses(gconstpointer a, gconstpointer b, gpointer data)
{
    const struct cinsn *x = *(struct cinsn *const *)a, *y = *(struct cinsn *const *)b;
    int l = GPOINTER_TO_INT(data);
    if (x->misses[l] != y->misses[l])
        return x->misses[l] < y->misses[l] ? 1 : -1;
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

static void on_exit_cb(void *ud)
{
    struct cache_state *st = ud;
    GString *out = g_string_new(NULL);
    uint64_t acc[NLEVELS] = {0}, mis[NLEVELS] = {0};
    for (guint i = 0; i < st->all_cores->len; i++) {
        const struct core *k = g_ptr_array_index(st->all_cores, i);
        for (int l = 0; l < NLEVELS; l++) {
            if (k->c[l]) {
                acc[l] += k->c[l]->accesses;
                mis[l] += k->c[l]->misses;
            }
        }
    }
    for (int l = 0; l < NLEVELS; l++) {
        if (l != L2 || st->l2)
            append_rate(out, "", l, acc[l], mis[l]);
    }
    if (!st->shared && st->all_cores->len > 1) {
        for (unsigned v = 0; v < (unsigned)qemu_plugin_num_vcpus(); v++) {
            struct core **slot = qemu_plugin_scoreboard_find(st->cores, v);
            if (!*slot)
                continue;
            char *prefix = g_strdup_printf("vcpu %u ", v);
            for (int l = 0; l < NLEVELS; l++) {
                if ((*slot)->c[l])
                    append_rate(out, prefix, l, (*slot)->c[l]->accesses, (*slot)->c[l]->misses);
            }
            g_free(prefix);
        }
    }
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, st->insns);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_ptr_array_add(rows, ((struct cb_data *)v)->insn);
    for (int l = 0; l < NLEVELS; l++) {
        if (l == L2 && !st->l2)
            continue;
        g_ptr_array_sort_with_data(rows, by_level_misses, GINT_TO_POINTER(l));
        g_string_append_printf(out, "top %u instructions by %s misses:\n", st->top,
                               level_names[l]);
        for (guint i = 0; i < rows->len && i < st->top; i++) {
            const struct cinsn *ci = g_ptr_array_index(rows, i);
            if (!ci->misses[l])
                break;
            g_string_append_printf(out, "0x%" PRIx64 " %" PRIu64 " %s %s\n", ci->pc,
                                   ci->misses[l], ci->symbol ? ci->symbol : "-", ci->disas);
        }
    }
    report(&st->out, out->str);
    g_string_free(out, TRUE);
    g_ptr_array_free(rows, TRUE);
}

/* Parse a size with an optional K or M suffix; false if malformed or zero. */
static bool parse_size(const char *v, uint64_t *out)
{
    char *end;
    if (!*v || *v == '-')
        return false;
    uint64_t n = strtoull(v, &end, 10);
    if (*end == 'K' || *end == 'k')
        n <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        n <<= 20, end++;
    if (*end || !n)
        return false;
    *out = n;
    return true;
}

/* Handle one of the geometry options; *known is set if arg names one. */
static bool opt_geometry(struct cache_state *st, const char *arg, bool *known)
{
    for (int l = 0; l < NLEVELS; l++) {
        for (int f = 0; f < 3; f++) {
            const char *v = opt_value(arg, geometry_names[l][f]);
            uint64_t n;
            if (!v)
                continue;
            *known = true;
            if (!parse_size(v, &n) || (f && n > 0xffffffffu))
                return false;
            if (f == 0)
                st->cfg[l].size = n;
            else if (f == 1)
                st->cfg[l].assoc = (unsigned)n;
            else
                st->cfg[l].blksize = (unsigned)n;
            if (l == L2)
                st->l2 = true;
            return true;
        }
    }
    *known = false;
    return false;
}

/* A cache's geometry is usable: power-of-two block size and number of sets. */
static bool geometry_ok(const struct cache_cfg *c)
{
    uint64_t way = (uint64_t)c->assoc * c->blksize;
    if (c->blksize & (c->blksize - 1) || c->size % way)
        return false;
    uint64_t sets = c->size / way;
    return sets && !(sets & (sets - 1));
}

static bool opt_policy(const char *arg, enum policy *p)
{
    const char *v = opt_value(arg, "policy");
    if (!v)
        return false;
    if (!strcmp(v, "lru"))
        *p = POLICY_LRU;
    else if (!strcmp(v, "fifo"))
        *p = POLICY_FIFO;
    else if (!strcmp(v, "random"))
        *p = POLICY_RANDOM;
    else
        return false;
    return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    static const char valid[] =
        "icachesize|dcachesize|l2cachesize=<bytes>, iassoc|dassoc|l2assoc=<ways>, "
        "iblksize|dblksize|l2blksize=<bytes>, l2=on|off, policy=lru|fifo|random, seed=<n>, "
        "shared=on|off, n=<count>";
    struct cache_state *st = g_new0(struct cache_state, 1);
    bool ok = true;
    unsigned seed = 1;
    st->cfg[L1I] = st->cfg[L1D] = (struct cache_cfg){32 << 10, 8, 64};
    st->cfg[L2] = (struct cache_cfg){1 << 20, 16, 64};
    st->top = 10;
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i];
        bool known;
        if (opt_geometry(st, a, &known))
            continue;
        if (known || (!opt_bool(a, "l2", &st->l2) && !opt_bool(a, "shared", &st->shared) &&
                      !opt_policy(a, &st->policy) && !opt_unsigned(a, "seed", &seed) &&
                      !opt_unsigned(a, "n", &st->top) && !opt_outfile(a, "cache", &st->out, &ok)))
            return bad_option("cache", a, valid);
    }
    if (!ok)
        return -1;
    for (int l = 0; l < NLEVELS; l++) {
        if ((l != L2 || st->l2) && !geometry_ok(&st->cfg[l])) {
            fprintf(stderr,
                    "cache: bad %s geometry %s=%" PRIu64 ", %s=%u, %s=%u (block size and number "
                    "of sets must be powers of two)\n",
                    level_names[l], geometry_names[l][0], st->cfg[l].size, geometry_names[l][1],
                    st->cfg[l].assoc, geometry_names[l][2], st->cfg[l].blksize);
            return -1;
        }
    }
    st->seed = seed;
    g_mutex_init(&st->lock);
    st->all_cores = g_ptr_array_new();
    st->insns = g_hash_table_new(g_int64_hash, g_int64_equal);
    if (st->shared)
        st->shared_core = core_new(st, 0);
    else
        st->cores = qemu_plugin_scoreboard_new(sizeof(struct core *));
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
