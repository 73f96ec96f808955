/*
 * execlog.c — bundled plugin: one line per executed instruction, with its memory accesses and
 * (optionally) the registers it changed; for teaching and debugging.
 *
 * Options:
 *   mem=on|off            append the instruction's memory accesses (default on)
 *   regs=on|off           append the registers the instruction changed (default off)
 *   addr=<a>|<a>-<b>      log only instructions at address a, or in [a, b) (C notation:
 *                         0x for hex); repeatable
 *   sym=<name>            log only instructions inside function <name> (qemu_plugin_insn_symbol);
 *                         repeatable. With several addr/sym filters an instruction is logged if
 *                         it matches any of them.
 *   outfile=<path>|-      log destination (common.h)
 * Line: "<vcpu> 0x<pc> <encoding> <disassembly>" (encoding as 4 or 8 hex digits, objdump's
 * form; runs of blanks in the disassembly squeezed to one), then " | R|W <size> 0x<addr>
 * 0x<value>" per access, then " | <reg>=0x<value> ..." for the changed registers (integer, FP,
 * fflags/frm/fcsr; pc and counters left out). A line is completed when its vCPU starts its next
 * instruction (that is when its accesses and register effects are known) or exits.
 * Threading: all per-vCPU state (the line being built, an output buffer, the last register
 * values) hangs off the vCPU's scoreboard slot and is touched only by that vCPU's thread (and by
 * atexit, when every vCPU is stopped). Lines reach the report in per-vCPU chunks of up to 64 KiB
 * (one report() each), so lines of different vCPUs never mix but chunks interleave. The
 * register list is taken at the first vcpu_init, and the instruction table filled at
 * translation, under the mutex. State: one struct as userdata.
 */
#include "common.h"

#include <inttypes.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define CHUNK 65536

struct range {
    uint64_t start, end; /* [start, end) */
};

/* A register whose changes are shown. */
struct tracked_reg {
    struct qemu_plugin_register *handle;
    char *name;
};

/* Per-vCPU log state (its scoreboard slot points to it). */
struct xl_vcpu {
    GString *line; /* the instruction being logged, not yet terminated */
    GString *buf;  /* finished lines not yet reported */
    GByteArray *regs, *now;
    bool have_regs;
};

/* What the callback of one instruction needs: the state and the line's start. */
struct xl_insn {
    struct xl_state *st;
    char *head; /* "0x<pc> <encoding> <disassembly>" */
};

struct xl_state {
    bool mem, regs;
    GArray *ranges; /* struct range */
    GPtrArray *syms;
    struct qemu_plugin_scoreboard *vcpus; /* struct xl_vcpu * */
    GMutex lock;
    GArray *tracked;    /* struct tracked_reg, set once */
    GHashTable *insns;  /* line head -> struct xl_insn * */
    struct report_out out;
};

static struct xl_vcpu *vcpu_state(struct xl_state *st, unsigned vcpu)
{
    struct xl_vcpu **slot = qemu_plugin_scoreboard_find(st->vcpus, vcpu);
    if (!*slot) {
        struct xl_vcpu *v = g_new0(struct xl_vcpu, 1);
        v->line = g_string_new(NULL);
        v->buf = g_string_new(NULL);
        v->regs = g_byte_array_new();
        v->now = g_byte_array_new();
        *slot = v;
    }
    return *slot;
}

/* Read the tracked registers into v->now (8 bytes each). */
static void read_regs(struct xl_state *st, struct xl_vcpu *v)
{
    g_byte_array_set_size(v->now, 0);
    for (guint i = 0; i < st->tracked->len; i++) {
        guint before = v->now->len;
        qemu_plugin_read_register(g_array_index(st->tracked, struct tracked_reg, i).handle,
                                  v->now);
        g_byte_array_set_size(v->now, before + 8);
    }
}

static void emit(struct xl_state *st, struct xl_vcpu *v)
{
    if (v->buf->len) {
        report(&st->out, v->buf->str);
        g_string_truncate(v->buf, 0);
    }
}

/* Complete the pending line of v: with regs, append the registers that changed since it began
 * (read_now: the registers can be read in this context). */
static void finish_line(struct xl_state *st, struct xl_vcpu *v, bool read_now)
{
    if (st->regs && read_now) {
        read_regs(st, v);
        if (v->have_regs && v->line->len) {
            bool first = true;
            for (guint i = 0; i < st->tracked->len; i++) {
                uint64_t old, new;
                memcpy(&old, v->regs->data + 8 * i, 8);
                memcpy(&new, v->now->data + 8 * i, 8);
                if (old == new)
                    continue;
                g_string_append_printf(v->line, "%s%s=0x%" PRIx64, first ? " | " : " ",
                                       g_array_index(st->tracked, struct tracked_reg, i).name,
                                       new);
                first = false;
            }
        }
        GByteArray *t = v->regs;
        v->regs = v->now;
        v->now = t;
        v->have_regs = true;
    }
    if (v->line->len) {
        g_string_append_c(v->line, '\n');
        g_string_append_len(v->buf, v->line->str, v->line->len);
        g_string_truncate(v->line, 0);
        if (v->buf->len >= CHUNK)
            emit(st, v);
    }
}

static void on_insn(unsigned vcpu, void *ud)
{
    struct xl_insn *xi = ud;
    struct xl_vcpu *v = vcpu_state(xi->st, vcpu);
    finish_line(xi->st, v, true);
    g_string_append_printf(v->line, "%u %s", vcpu, xi->head);
}

/* An instruction not logged, with regs=on and filters: completes the previous line so that it
 * shows only the logged instruction's own register changes. */
static void on_unlogged(unsigned vcpu, void *ud)
{
    struct xl_state *st = ud;
    finish_line(st, vcpu_state(st, vcpu), true);
}

static void on_mem(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    struct xl_insn *xi = ud;
    struct xl_vcpu *v = vcpu_state(xi->st, vcpu);
    qemu_plugin_mem_value val = qemu_plugin_mem_get_value(info);
    uint64_t x;
    switch (val.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8: x = val.data.u8; break;
    case QEMU_PLUGIN_MEM_VALUE_U16: x = val.data.u16; break;
    case QEMU_PLUGIN_MEM_VALUE_U32: x = val.data.u32; break;
    case QEMU_PLUGIN_MEM_VALUE_U64: x = val.data.u64; break;
    default: x = val.data.u128.low; break;
    }
    g_string_append_printf(v->line, " | %c %u 0x%" PRIx64 " 0x%" PRIx64,
                           qemu_plugin_mem_is_store(info) ? 'W' : 'R',
                           1u << qemu_plugin_mem_size_shift(info), vaddr, x);
}

static bool wanted(const struct xl_state *st, struct qemu_plugin_insn *insn)
{
    if (!st->ranges->len && !st->syms->len)
        return true;
    uint64_t pc = qemu_plugin_insn_vaddr(insn);
    for (guint i = 0; i < st->ranges->len; i++) {
        const struct range *r = &g_array_index(st->ranges, struct range, i);
        if (pc >= r->start && pc < r->end)
            return true;
    }
    const char *sym = qemu_plugin_insn_symbol(insn);
    for (guint i = 0; sym && i < st->syms->len; i++) {
        if (!strcmp(sym, g_ptr_array_index(st->syms, i)))
            return true;
    }
    return false;
}

/* "0x<pc> <encoding> <disassembly>" of an instruction. */
static char *line_head(struct qemu_plugin_insn *insn)
{
    uint8_t b[4] = {0};
    size_t size = qemu_plugin_insn_data(insn, b, sizeof(b));
    uint32_t w = b[0] | b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    char *d = qemu_plugin_insn_disas(insn);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "0x%" PRIx64 " %0*" PRIx32 " ", qemu_plugin_insn_vaddr(insn),
                           size == 2 ? 4 : 8, w);
    for (const char *p = d; *p; p++) {
        if (*p != ' ' || (p[1] && p[1] != ' '))
            g_string_append_c(s, *p);
    }
    g_free(d);
    return g_string_free(s, FALSE);
}

/* The callback userdata of an instruction: one per distinct line head (address, encoding and
 * text), kept until exit, so re-translations share it. */
static struct xl_insn *insn_entry(struct xl_state *st, struct qemu_plugin_insn *insn)
{
    char *head = line_head(insn);
    g_mutex_lock(&st->lock);
    struct xl_insn *xi = g_hash_table_lookup(st->insns, head);
    if (!xi) {
        xi = g_new(struct xl_insn, 1);
        *xi = (struct xl_insn){st, head};
        g_hash_table_insert(st->insns, xi->head, xi);
    } else {
        g_free(head);
    }
    g_mutex_unlock(&st->lock);
    return xi;
}

static void on_trans(struct qemu_plugin_tb *tb, void *ud)
{
    struct xl_state *st = ud;
    enum qemu_plugin_cb_flags flags = st->regs ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS;
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (!wanted(st, insn)) {
            if (st->regs)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_unlogged, flags, st);
            continue;
        }
        struct xl_insn *xi = insn_entry(st, insn);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, flags, xi);
        if (st->mem)
            qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, xi);
    }
}

/* Registers shown by regs=on: everything but pc, priv and the counters. */
static void on_vcpu_init(unsigned vcpu, void *ud)
{
    struct xl_state *st = ud;
    g_mutex_lock(&st->lock);
    if (!st->tracked->len) {
        GArray *all = qemu_plugin_get_registers();
        for (guint i = 0; i < all->len; i++) {
            qemu_plugin_reg_descriptor *r = plume_reg_descriptor_at(all, i);
            static const char *const skip[] = {"pc", "priv", "cycle", "time", "instret"};
            bool keep = true;
            for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); k++)
                keep = keep && strcmp(r->name, skip[k]);
            if (keep) {
                struct tracked_reg t = {r->handle, g_strdup(r->name)};
                g_array_append_val(st->tracked, t);
            }
        }
        g_array_free(all, TRUE);
    }
    g_mutex_unlock(&st->lock);
}

static void on_vcpu_exit(unsigned vcpu, void *ud)
{
    struct xl_state *st = ud;
    struct xl_vcpu *v = vcpu_state(st, vcpu);
    finish_line(st, v, true);
    emit(st, v);
    v->have_regs = false;
}

static void on_exit_cb(void *ud)
{
    struct xl_state *st = ud;
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        struct xl_vcpu **slot = qemu_plugin_scoreboard_find(st->vcpus, i);
        if (*slot) {
            finish_line(st, *slot, false);
            emit(st, *slot);
        }
    }
}

/* Parse a number: 0x-prefixed hex or decimal. */
static bool parse_addr(const char *s, const char **end, uint64_t *val)
{
    char *e;
    if (!*s || *s == '-')
        return false;
    *val = strtoull(s, &e, 0);
    *end = e;
    return e != s;
}

static bool opt_range(const char *arg, GArray *ranges)
{
    const char *v = opt_value(arg, "addr"), *end;
    struct range r;
    if (!v || !parse_addr(v, &end, &r.start))
        return false;
    if (*end == '-') {
        if (!parse_addr(end + 1, &end, &r.end) || r.end <= r.start)
            return false;
    } else {
        r.end = r.start + 1;
    }
    if (*end)
        return false;
    g_array_append_val(ranges, r);
    return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    struct xl_state *st = g_new0(struct xl_state, 1);
    bool ok = true;
    st->mem = true;
    st->ranges = g_array_new(FALSE, FALSE, sizeof(struct range));
    st->syms = g_ptr_array_new();
    for (int i = 0; i < argc && ok; i++) {
        const char *a = argv[i], *sym = opt_value(a, "sym");
        if (sym && *sym)
            g_ptr_array_add(st->syms, (gpointer)sym);
        else if (!opt_bool(a, "mem", &st->mem) && !opt_bool(a, "regs", &st->regs) &&
                 !opt_range(a, st->ranges) && !opt_outfile(a, "execlog", &st->out, &ok))
            return bad_option("execlog", a, "mem=on|off, regs=on|off, addr=<a>[-<b>], sym=<name>");
    }
    if (!ok)
        return -1;
    g_mutex_init(&st->lock);
    st->tracked = g_array_new(FALSE, FALSE, sizeof(struct tracked_reg));
    st->insns = g_hash_table_new(g_str_hash, g_str_equal);
    st->vcpus = qemu_plugin_scoreboard_new(sizeof(struct xl_vcpu *));
    qemu_plugin_register_vcpu_init_cb(id, on_vcpu_init, st);
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans, st);
    qemu_plugin_register_vcpu_exit_cb(id, on_vcpu_exit, st);
    qemu_plugin_register_atexit_cb(id, on_exit_cb, st);
    return 0;
}
