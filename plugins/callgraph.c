/*
 * callgraph.c — bundled plugin: a function-level profile from the calling convention: calls per
 * function, inclusive and exclusive instruction counts, and the busiest caller -> callee edges.
 *
 * Options: n=<count> (rows per table, default 20), outfile=<path>|- (common.h).
 * Model (rv_class.h): a call is jal/jalr/c.jalr writing a link register (ra or t0); a return is
 * jalr x0, 0(ra|t0) (ret, c.jr ra). Each vCPU keeps a shadow stack of (function, return
 * address, instruction count at entry); the root frame "(root)" stands for the code running
 * before the first call. A return pops frames down to the one whose return address it jumps to
 * (so frames left by longjmp or by calls that never return are unwound together); a return to
 * an address no frame expects is ignored. Tail calls (plain jumps) are not calls: their target
 * runs as part of the caller's frame. Exclusive counts charge every instruction to the function
 * on top of the stack when it ran (they sum to the run's instruction count); inclusive counts
 * are measured on the outermost activation of each function, so recursion is not counted twice.
 * Function names come from qemu_plugin_insn_symbol at the called address (the executable's and
 * the ELF interpreter's symbols); other functions show as their address.
 * Report: "function calls inclusive exclusive" rows by inclusive count, then "caller -> callee
 * calls" rows by calls.
 * Threading: instructions are counted with an inline add per block into the vCPU's scoreboard
 * slot; only calls and returns have callbacks (reading at most one register). Each vCPU's stack
 * and tables hang off its scoreboard slot and are touched only by its thread (and at exit, when
 * all are stopped); they are merged at exit. The name table is protected by the mutex
 * (translation and exit). State: one struct passed as userdata.
 */
#include "common.h"
#include "rv_class.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* ABI names of x0..x31 as the plugin API's register list spells them. */
static const char *const xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

struct frame {
    uint64_t func, ret, start;
    bool outer; /* outermost activation of func on this stack */
};

struct fstat {
    uint64_t func, calls, incl, excl;
};

struct edge {
    uint64_t caller, callee, calls;
};

/* Per-vCPU profile (its scoreboard slot points to it). */
struct cg_vcpu {
    GArray *stack;      /* struct frame; [0] is the root */
    GHashTable *funcs;  /* func -> struct fstat * */
    GHashTable *edges;  /* struct edge (caller, callee) -> struct edge * */
    GHashTable *active; /* func -> activations on the stack */
    uint64_t last;      /* instruction count at the last call or return */
};

/* One scoreboard element. */
struct cg_slot {
    uint64_t insns;
    struct cg_vcpu *v;
};

struct cg_state {
    unsigned top;
    struct qemu_plugin_scoreboard *score;
    qemu_plugin_u64 insns;
    struct qemu_plugin_register *xregs[32];
    GMutex lock;
    GHashTable *names; /* block start -> symbol (not freed: process lifetime strings) */
    GHashTable *sites; /* pc -> struct site * */
    struct report_out out;
};

/* A call or return instruction: userdata of its callback. */
struct site {
    struct cg_state *st;
    uint64_t pc, next;
    struct rv_jump j;
};

static guint edge_hash(gconstpointer p)
{
    const struct edge *e = p;
    return g_int64_hash(&e->caller) * 31 + g_int64_hash(&e->callee);
}

static gboolean edge_equal(gconstpointer a, gconstpointer b)
{
    const struct edge *x = a, *y = b;
    return x->caller == y->caller && x->callee == y->callee;
}

static struct fstat *fstat_of(GHashTable *funcs, uint64_t func)
{
    struct fstat *f = g_hash_table_lookup(funcs, &func);
    if (!f) {
        f = g_new0(struct fstat, 1);
        f->func = func;
        g_hash_table_insert(funcs, &f->func, f);
    }
    return f;
}

static struct cg_vcpu *vcpu_state(struct cg_state *st, unsigned vcpu)
{
    struct cg_slot *slot = qemu_plugin_scoreboard_find(st->score, vcpu);
    if (!slot->v) {
        struct cg_vcpu *v = g_new0(struct cg_vcpu, 1);
        v->stack = g_array_new(FALSE, FALSE, sizeof(struct frame));
        v->funcs = g_hash_table_new(g_int64_hash, g_int64_equal);
        v->edges = g_hash_table_new(edge_hash, edge_equal);
        v->active = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
        slot->v = v;
    }
    if (!slot->v->stack->len) {
        struct frame root = {0, UINT64_MAX, slot->insns, true};
        g_array_append_val(slot->v->stack, root);
        slot->v->last = slot->insns;
    }
    return slot->v;
}

/* Charge the instructions since the last event to the function on top of the stack. */
static void charge(struct cg_vcpu *v, uint64_t now)
{
    struct frame *top = &g_array_index(v->stack, struct frame, v->stack->len - 1);
    fstat_of(v->funcs, top->func)->excl += now - v->last;
    v->last = now;
}

static void pop_frame(struct cg_vcpu *v, uint64_t now)
{
    struct frame *f = &g_array_index(v->stack, struct frame, v->stack->len - 1);
    if (f->outer)
        fstat_of(v->funcs, f->func)->incl += now - f->start;
    uint64_t *depth = g_hash_table_lookup(v->active, &f->func);
    if (depth && --*depth == 0)
        g_hash_table_remove(v->active, &f->func);
    g_array_set_size(v->stack, v->stack->len - 1);
}

/* The value of x[r] now (0 if it cannot be read). */
static uint64_t read_x(struct cg_state *st, unsigned r)
{
    uint64_t val = 0;
    if (!r || !st->xregs[r])
        return 0;
    GByteArray *buf = g_byte_array_new();
    qemu_plugin_read_register(st->xregs[r], buf);
    if (buf->len >= 8)
        memcpy(&val, buf->data, 8);
    g_byte_array_free(buf, TRUE);
    return val;
}

static void on_call(unsigned vcpu, void *ud)
{
    struct site *s = ud;
    struct cg_state *st = s->st;
    struct cg_vcpu *v = vcpu_state(st, vcpu);
    uint64_t now = qemu_plugin_u64_get(st->insns, vcpu);
    uint64_t target = s->j.indirect ? (read_x(st, s->j.rs1) + s->j.imm) & ~(uint64_t)1
                                    : s->pc + s->j.imm;
    charge(v, now);
    uint64_t caller = g_array_index(v->stack, struct frame, v->stack->len - 1).func;
    fstat_of(v->funcs, target)->calls++;
    struct edge key = {caller, target, 0};
    struct edge *e = g_hash_table_lookup(v->edges, &key);
    if (!e) {
        e = g_new(struct edge, 1);
        *e = key;
        g_hash_table_insert(v->edges, e, e);
    }
    e->calls++;
    uint64_t *depth = g_hash_table_lookup(v->active, &target);
    if (!depth) {
        depth = g_new0(uint64_t, 2);
        depth[1] = target;
        g_hash_table_insert(v->active, &depth[1], depth);
    }
    struct frame f = {target, s->next, now, (*depth)++ == 0};
    g_array_append_val(v->stack, f);
}

static void on_return(unsigned vcpu, void *ud)
{
    struct site *s = ud;
    struct cg_state *st = s->st;
    struct cg_vcpu *v = vcpu_state(st, vcpu);
    uint64_t now = qemu_plugin_u64_get(st->insns, vcpu);
    uint64_t target = read_x(st, s->j.rs1) & ~(uint64_t)1;
    charge(v, now);
    for (guint i = v->stack->len; i-- > 1;) {
        if (g_array_index(v->stack, struct frame, i).ret == target) {
            while (v->stack->len > i)
                pop_frame(v, now);
            return;
        }
    }
}

/* Close every frame of a vCPU (thread exit or process end); its index may be reused. */
static void finish_vcpu(struct cg_state *st, unsigned vcpu)
{
    struct cg_slot *slot = qemu_plugin_scoreboard_find(st->score, vcpu);
    if (!slot->v || !slot->v->stack->len)
        return;
    charge(slot->v, slot->insns);
    while (slot->v->stack->len)
        pop_frame(slot->v, slot->insns);
}

static void on_vcpu_exit(unsigned vcpu, void *ud)
{
    finish_vcpu(ud, vcpu);
}

static void on_vcpu_init(unsigned vcpu, void *ud)
{
    struct cg_state *st = ud;
    g_mutex_lock(&st->lock);
    if (!st->xregs[1]) {
        GArray *regs = qemu_plugin_get_registers();
        for (guint i = 0; i < regs->len; i++) {
            qemu_plugin_reg_descriptor *r = plume_reg_descriptor_at(regs, i);
            for (int x = 1; x < 32; x++) {
                if (!strcmp(r->name, xreg_names[x]))
                    st->xregs[x] = r->handle;
            }
        }
        g_array_free(regs, TRUE);
    }
    g_mutex_unlock(&st->lock);
    vcpu_state(st, vcpu);
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct cg_state *st = ud;
    size_t n = qemu_plugin_tb_n_insns(tb);
    struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
    struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
    const char *sym = qemu_plugin_insn_symbol(first);
    uint8_t b[4] = {0};
    size_t size = qemu_plugin_insn_data(last, b, sizeof(b));
    struct rv_jump j = rv_decode_jump(b, size);
    uint64_t pc = qemu_plugin_insn_vaddr(last);
    struct site *s = NULL;
    g_mutex_lock(&st->lock);
    if (sym) {
        uint64_t start = qemu_plugin_tb_vaddr(tb);
        if (!g_hash_table_contains(st->names, &start)) {
            uint64_t *k = g_new(uint64_t, 1);
            *k = start;
            g_hash_table_insert(st->names, k, (gpointer)sym);
        }
    }
    if (j.flow != RV_FLOW_NONE) {
        s = g_hash_table_lookup(st->sites, &pc);
        if (!s || memcmp(&s->j, &j, sizeof(j))) {
            s = g_new0(struct site, 1);
            *s = (struct site){st, pc, pc + size, j};
            g_hash_table_insert(st->sites, &s->pc, s);
        }
    }
    g_mutex_unlock(&st->lock);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, st->insns,
                                                      n);
    if (s)
        qemu_plugin_register_vcpu_insn_exec_cb(
            last, j.flow == RV_FLOW_CALL ? on_call : on_return,
            j.flow == RV_FLOW_CALL && !j.indirect ? QEMU_PLUGIN_CB_NO_REGS : QEMU_PLUGIN_CB_R_REGS,
            s);
}

static char *func_name(struct cg_state *st, uint64_t func)
{
    if (!func)
        return g_strdup("(root)");
    const char *sym = g_hash_table_lookup(st->names, &func);
    return sym ? g_strdup(sym) : g_strdup_printf("0x%" PRIx64, func);
}

static gint by_incl(gconstpointer a, gconstpointer b)
{
    const struct fstat *x = *(struct fstat *const *)a, *y = *(struct fstat *const *)b;
    if (x->incl != y->incl)
        return x->incl < y->incl ? 1 : -1;
    return x->func < y->func ? -1 : x->func > y->func;
}

static gint by_calls(gconstpointer a, gconstpointer b)
{
    const struct edge *x = *(struct edge *const *)a, *y = *(struct edge *const *)b;
    if (x->calls != y->calls)
        return x->calls < y->calls ? 1 : -1;
    if (x->caller != y->caller)
        return x->caller < y->caller ? -1 : 1;
    return x->callee < y->callee ? -1 : x->callee > y->callee;
}

static void on_exit_cb(void *ud)
{
    struct cg_state *st = ud;
    GHashTable *funcs = g_hash_table_new(g_int64_hash, g_int64_equal);
    GHashTable *edges = g_hash_table_new(edge_hash, edge_equal);
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        finish_vcpu(st, i);
        struct cg_slot *slot = qemu_plugin_scoreboard_find(st->score, i);
        if (!slot->v)
            continue;
        GHashTableIter it;
        gpointer k, val;
        g_hash_table_iter_init(&it, slot->v->funcs);
        while (g_hash_table_iter_next(&it, &k, &val)) {
            const struct fstat *f = val;
            struct fstat *t = fstat_of(funcs, f->func);
            t->calls += f->calls;
            t->incl += f->incl;
            t->excl += f->excl;
        }
        g_hash_table_iter_init(&it, slot->v->edges);
        while (g_hash_table_iter_next(&it, &k, &val)) {
            const struct edge *e = val;
            struct edge *t = g_hash_table_lookup(edges, e);
            if (!t) {
                t = g_new0(struct edge, 1);
                *t = (struct edge){e->caller, e->callee, 0};
                g_hash_table_insert(edges, t, t);
            }
            t->calls += e->calls;
        }
    }
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, val;
    g_hash_table_iter_init(&it, funcs);
    while (g_hash_table_iter_next(&it, &k, &val))
        g_ptr_array_add(rows, val);
    g_ptr_array_sort(rows, by_incl);
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "%-32s %10s %16s %16s\n", "function", "calls", "inclusive",
                           "exclusive");
    g_mutex_lock(&st->lock);
    for (guint i = 0; i < rows->len && i < st->top; i++) {
        const struct fstat *f = g_ptr_array_index(rows, i);
        char *name = func_name(st, f->func);
        g_string_append_printf(out, "%-32s %10" PRIu64 " %16" PRIu64 " %16" PRIu64 "\n", name,
                               f->calls, f->incl, f->excl);
        g_free(name);
    }
    g_ptr_array_set_size(rows, 0);
    g_hash_table_iter_init(&it, edges);
    while (g_hash_table_iter_next(&it, &k, &val))
        g_ptr_array_add(rows, val);
    g_ptr_array_sort(rows, by_calls);
    g_string_append_printf(out, "%-32s    %-32s %10s\n", "caller", "callee", "calls");
    for (guint i = 0; i < rows->len && i < st->top; i++) {
        const struct edge *e = g_ptr_array_index(rows, i);
        char *a = func_name(st, e->caller), *b = func_name(st, e->callee);
        g_string_append_printf(out, "%-32s -> %-32s %10" PRIu64 "\n", a, b, e->calls);
        g_free(a);
        g_free(b);
    }
    g_mutex_unlock(&st->lock);
    report(&st->out, out->str);
    g_string_free(out, TRUE);
    g_ptr_array_free(rows, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct cg_state *st = g_new0(struct cg_state, 1);
    bool ok = true;
    st->top = 20;
    for (int i = 0; i < argc && ok; i++) {
        if (!opt_unsigned(argv[i], "n", &st->top) &&
            !opt_outfile(argv[i], "callgraph", &st->out, &ok))
            return bad_option("callgraph", argv[i], "n=<count>");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->names = g_hash_table_new(g_int64_hash, g_int64_equal);
    st->sites = g_hash_table_new(g_int64_hash, g_int64_equal);
    st->score = qemu_plugin_scoreboard_new(sizeof(struct cg_slot));
    st->insns = qemu_plugin_scoreboard_u64_in_struct(st->score, struct cg_slot, insns);
    qemu_plugin_register_vcpu_init_cb(id, on_vcpu_init, st);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_vcpu_exit_cb(id, on_vcpu_exit, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
