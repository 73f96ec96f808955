/*
 * tb.c — translation blocks: formation, the translation cache, invalidation and flush.
 *
 * Formation: decode from pc until an INSN_END row, the end of pc's guest page (an instruction
 * may not start on the next page; a 4-byte instruction straddling the page end may only be a
 * block's first instruction, as in QEMU, and only if the next page is executable too), 512
 * instructions, or one with -one-insn-per-tb. Fetch goes through the page-flag table: only
 * PAGE_EXEC pages are decoded, and a block that cannot start yields SIGSEGV (MAPERR/ACCERR,
 * si_addr = the unfetchable address) when execution reaches it.
 * Every page a block covers is marked PAGE_CODE (write-protected) before its bytes are read.
 * The decoded block is shown to plugins (plg_tb_trans), then turned into ops (tb.h).
 *
 * Cache: a global hash of blocks by guest pc, with lock-free readers (a removed block keeps its
 * hash link, and no block is freed while any vCPU may run), plus a per-page index and a list of
 * live blocks for invalidation. Inserts, removals and flushes take a spinlock: invalidation is
 * called from the host SIGSEGV handler of a guest store to a code page, where only a spinlock
 * that the interrupted thread cannot hold is safe, and no allocation may happen.
 *
 * Invalidation marks blocks TB_INVALID, points their first op at the interpreter's stale-block
 * handler and unhooks them from the hash and page index; jump caches check the flag and chains
 * land on the stale handler, so no vCPU runs an invalid block again, while a vCPU already inside
 * one finishes it. Invalidated blocks are kept on a retired list and freed by the next flush
 * (tb_flush_exclusive, every vCPU stopped); they count toward the cache limit (TB_CACHE_LIMIT
 * bytes), whose overflow requests that flush (safe work queued on the translating vCPU).
 *
 * fence.i invalidates every block (interp.c): stores through the same guest address are already
 * caught by the write protection, but code written through another mapping of the same memory
 * is not.
 *
 * With a back end (tb_backend, the JIT), every block is compiled before it is published;
 * invalidation also points its jit_code at the back end's stale stub, and a flush tells the back
 * end that all code may be reused.
 *
 * A translation racing with an invalidation (another thread storing to the code being decoded)
 * is detected by a sequence number bumped by every invalidation: such a block is run once by
 * the translating vCPU but never published.
 *
 * Threading: tb_find on the owning vCPU; tb_invalidate_range on any thread (async-signal safe);
 * tb_flush_exclusive only inside an exclusive section.
 */
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../loader/loader.h"
#include "../mem/mem.h"
#include "../util/log.h"
#include "config.h"
#include "internal.h"
#include "tb.h"

#define TB_MAX_INSNS 512
#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define TB_PAGE_HASH_SIZE 4096u
#define TB_CACHE_LIMIT (256u << 20)
/* Invalidations spanning more pages than this walk the live list instead of the page index. */
#define TB_INVAL_PAGE_WALK 64

struct tb_cache {
    int lock;                    /* spinlock: see the overview */
    struct tb **hash;            /* [TB_HASH_SIZE] chains by pc, via tb.hnext */
    uintptr_t *pages;            /* [TB_PAGE_HASH_SIZE] chains by page, tagged (tb | slot) */
    struct tb *live;             /* every published, valid block (lprev/lnext) */
    struct tb *retired;          /* invalidated blocks awaiting the next flush (lnext) */
    size_t bytes;                /* live + retired allocation sizes */
    uint64_t inval_seq;          /* bumped by every invalidation */
    uint64_t flushes;            /* completed flushes */
    int flush_requested;         /* a flush is queued (cache over its limit) */
    struct tb *unchained[2];     /* slot sentinels (tb.h, tb.next), never freed */
    const struct tb_backend *be; /* compiling back end, or NULL */
};

static void cache_lock(struct tb_cache *c)
{
    for (unsigned spins = 0; __atomic_exchange_n(&c->lock, 1, __ATOMIC_ACQUIRE); spins++) {
        while (__atomic_load_n(&c->lock, __ATOMIC_RELAXED)) {
            __builtin_ia32_pause();
            if (++spins > 1000) {
                sched_yield();
                spins = 0;
            }
        }
    }
}

static void cache_unlock(struct tb_cache *c)
{
    __atomic_store_n(&c->lock, 0, __ATOMIC_RELEASE);
}

static inline unsigned hash_pc(gaddr_t pc)
{
    uint64_t h = (pc >> 1) * UINT64_C(0x9e3779b97f4a7c15);
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

static inline unsigned hash_page(gaddr_t page)
{
    return (unsigned)(page / GUEST_PAGE_SIZE) & (TB_PAGE_HASH_SIZE - 1);
}

static void mem_invalidate_cb(void *opaque, gaddr_t start, gaddr_t end)
{
    tb_invalidate_range(opaque, start, end);
}

void tb_cache_init(struct proc *p)
{
    struct tb_cache *c = xcalloc(1, sizeof *c);
    c->hash = xcalloc(TB_HASH_SIZE, sizeof *c->hash);
    c->pages = xcalloc(TB_PAGE_HASH_SIZE, sizeof *c->pages);
    for (unsigned s = 0; s < 2; s++) {
        struct tb *u = xcalloc(1, sizeof(struct tb) + sizeof(struct op));
        u->pc = UINT64_MAX; /* odd: no guest pc (jalr target caches compare it) */
        u->flags = TB_INVALID;
        u->n_ops = 1;
        u->ops[0] = (struct op){
            .h = interp_handler(s == TB_NEXT_TAKEN ? OPK_UNCHAINED_TAKEN : OPK_UNCHAINED_FALL),
            .pc = UINT64_MAX};
        c->unchained[s] = u;
    }
    p->tbs = c;
    p->mem->invalidate_opaque = p;
    p->mem->invalidate_code = mem_invalidate_cb;
}

void tb_set_backend(struct proc *p, const struct tb_backend *be)
{
    struct tb_cache *c = p->tbs;
    c->be = be;
    for (unsigned s = 0; s < 2; s++)
        c->unchained[s]->jit_code = be->unchained_code[s];
}

void tb_foreach_live(struct proc *p, void (*fn)(struct tb *tb, void *arg), void *arg)
{
    struct tb_cache *c = p->tbs;
    cache_lock(c);
    for (struct tb *t = c->live; t; t = t->lnext)
        fn(t, arg);
    cache_unlock(c);
}

const struct tb_backend *tb_get_backend(const struct proc *p)
{
    return p->tbs->be;
}

const uint64_t *tb_flush_counter(const struct proc *p)
{
    return &p->tbs->flushes;
}

/* ---- lookup ---- */

static struct tb *hash_lookup(struct tb_cache *c, gaddr_t pc)
{
    for (struct tb *t = __atomic_load_n(&c->hash[hash_pc(pc)], __ATOMIC_ACQUIRE); t;
         t = __atomic_load_n(&t->hnext, __ATOMIC_ACQUIRE)) {
        if (t->pc == pc && !(t->flags & TB_INVALID))
            return t;
    }
    return NULL;
}

/* ---- invalidation (spinlock held) ---- */

static void hash_remove_locked(struct tb_cache *c, struct tb *tb)
{
    struct tb **pp = &c->hash[hash_pc(tb->pc)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hnext;
    if (*pp)
        __atomic_store_n(pp, tb->hnext, __ATOMIC_RELEASE);
}

static inline struct tb *page_tb(uintptr_t link)
{
    return (struct tb *)(link & ~(uintptr_t)1);
}

static void page_remove_locked(struct tb_cache *c, struct tb *tb, unsigned slot)
{
    uintptr_t want = (uintptr_t)tb | slot;
    uintptr_t *pp = &c->pages[hash_page(tb->page[slot])];
    while (*pp && *pp != want)
        pp = &page_tb(*pp)->page_next[*pp & 1];
    if (*pp)
        *pp = tb->page_next[slot];
}

static void invalidate_locked(struct tb_cache *c, struct tb *tb)
{
    __atomic_or_fetch(&tb->flags, TB_INVALID, __ATOMIC_RELEASE);
    __atomic_store_n(&tb->ops[0].h, interp_handler(OPK_STALE), __ATOMIC_RELEASE);
    if (c->be)
        __atomic_store_n(&tb->jit_code, c->be->stale_code, __ATOMIC_RELEASE);
    hash_remove_locked(c, tb);
    for (unsigned s = 0; s < tb->n_pages; s++)
        page_remove_locked(c, tb, s);
    if (tb->lprev)
        tb->lprev->lnext = tb->lnext;
    else
        c->live = tb->lnext;
    if (tb->lnext)
        tb->lnext->lprev = tb->lprev;
    tb->lprev = NULL;
    tb->lnext = c->retired;
    c->retired = tb;
}

void tb_invalidate_range(struct proc *p, gaddr_t start, gaddr_t end)
{
    struct tb_cache *c = p->tbs;
    if (end <= start)
        return;
    cache_lock(c);
    __atomic_add_fetch(&c->inval_seq, 1, __ATOMIC_RELEASE);
    gaddr_t first = start & GUEST_PAGE_MASK, last = (end - 1) & GUEST_PAGE_MASK;
    if ((last - first) / GUEST_PAGE_SIZE >= TB_INVAL_PAGE_WALK) {
        struct tb *t = c->live;
        while (t) {
            struct tb *next = t->lnext;
            if (t->pc < end && t->end > start)
                invalidate_locked(c, t);
            t = next;
        }
    } else {
        for (gaddr_t pg = first;; pg += GUEST_PAGE_SIZE) {
            uintptr_t link = c->pages[hash_page(pg)];
            while (link) {
                struct tb *t = page_tb(link);
                uintptr_t next = t->page_next[link & 1];
                if (t->page[link & 1] == pg && t->pc < end && t->end > start)
                    invalidate_locked(c, t);
                link = next;
            }
            if (pg == last)
                break;
        }
    }
    cache_unlock(c);
}

/* ---- flush ---- */

static void tb_free(struct tb *tb)
{
    if (tb->plg)
        plg_tb_instr_free(tb->plg);
    free(tb);
}

void tb_flush_exclusive(struct proc *p)
{
    struct tb_cache *c = p->tbs;
    cache_lock(c);
    for (struct tb *t = c->live, *n; t; t = n) {
        n = t->lnext;
        tb_free(t);
    }
    for (struct tb *t = c->retired, *n; t; t = n) {
        n = t->lnext;
        tb_free(t);
    }
    c->live = c->retired = NULL;
    memset(c->hash, 0, TB_HASH_SIZE * sizeof *c->hash);
    memset(c->pages, 0, TB_PAGE_HASH_SIZE * sizeof *c->pages);
    c->bytes = 0;
    c->inval_seq++;
    __atomic_store_n(&c->flushes, c->flushes + 1, __ATOMIC_RELEASE);
    c->flush_requested = 0;
    cache_unlock(c);
    if (c->be)
        c->be->flushed(c->be->opaque);

    pthread_mutex_lock(&p->cpu_lock);
    for (struct vcpu *v = p->cpus; v; v = v->next)
        memset(v->jmp_cache, 0, TB_JMP_CACHE_SIZE * sizeof *v->jmp_cache);
    pthread_mutex_unlock(&p->cpu_lock);
    if (plg_active)
        plg_flushed(p);
}

static void flush_work(struct vcpu *cpu, void *arg)
{
    tb_flush_exclusive(cpu->proc);
}

void tb_request_flush(struct vcpu *cpu)
{
    struct tb_cache *c = cpu->proc->tbs;
    cache_lock(c);
    bool queue = !c->flush_requested;
    c->flush_requested = 1;
    cache_unlock(c);
    if (queue)
        cpu_queue_safe_work(cpu, flush_work, NULL);
}

/* ---- translation ---- */

/* Mark a guest page as holding code (PAGE_CODE, host write-protected) before reading it. */
static void protect_page(struct mem_space *m, gaddr_t page, unsigned flags)
{
    if (!(flags & PAGE_CODE))
        mem_protect_code(m, page, GUEST_PAGE_SIZE);
}

static int fetch_fault_code(unsigned flags)
{
    return (flags & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
}

/* Decode the block at pc into insns/pcs; returns the count (0 after recording a fetch fault). */
static unsigned decode_block(struct vcpu *cpu, gaddr_t pc, struct insn *insns, gaddr_t *pcs,
                             unsigned *n_pages)
{
    struct mem_space *m = cpu->proc->mem;
    unsigned max = cpu->proc->cfg && cpu->proc->cfg->one_insn_per_tb ? 1 : TB_MAX_INSNS;
    gaddr_t page = pc & GUEST_PAGE_MASK, a = pc;
    unsigned flags = mem_page_flags(m, pc), n = 0;

    *n_pages = 1;
    if (!(flags & PAGE_EXEC)) {
        cpu->fault = (struct guest_fault){SIGSEGV, fetch_fault_code(flags), pc};
        return 0;
    }
    protect_page(m, page, flags);
    while (n < max && (a & GUEST_PAGE_MASK) == page) {
        uint16_t lo, hi = 0;
        memcpy(&lo, g2h(m, a), 2);
        unsigned len = rv_insn_len(lo);
        if (len == 4 && (a & (GUEST_PAGE_SIZE - 1)) == GUEST_PAGE_SIZE - 2) {
            /* only a block's first instruction may cross the page end (as in QEMU) */
            if (n > 0)
                break;
            gaddr_t np = page + GUEST_PAGE_SIZE;
            unsigned nf = mem_page_flags(m, np);
            if (!(nf & PAGE_EXEC)) {
                cpu->fault = (struct guest_fault){SIGSEGV, fetch_fault_code(nf), np};
                break;
            }
            protect_page(m, np, nf);
            *n_pages = 2;
        }
        if (len == 4)
            memcpy(&hi, g2h(m, a + 2), 2);
        rv_decode((uint32_t)lo | (uint32_t)hi << 16, &insns[n]);
        pcs[n] = a;
        a += len;
        if (rv_op_flags[insns[n++].op] & INSN_END)
            break;
    }
    return n;
}

static unsigned action_kind(const struct plg_action *a)
{
    switch (a->kind) {
    case PLG_ACT_CB: return OPK_PLG_CB;
    case PLG_ACT_COND_CB: return OPK_PLG_COND_CB;
    case PLG_ACT_INLINE_ADD: return OPK_PLG_INLINE_ADD;
    case PLG_ACT_INLINE_STORE: return OPK_PLG_INLINE_STORE;
    case PLG_ACT_PTR_ADD: return OPK_PLG_PTR_ADD;
    default: return OPK_COUNT;
    }
}

/* The op of one action at pc. */
static struct op action_op(const struct plg_action *a, gaddr_t pc)
{
    unsigned kind = action_kind(a);
    struct op o = {.h = interp_handler(kind), .act = a, .pc = pc};
    if (kind == OPK_PLG_PTR_ADD) {
        o.ptr_add.ptr = a->ptr;
        o.ptr_add.imm = a->imm;
    } else if (kind == OPK_PLG_INLINE_ADD || kind == OPK_PLG_INLINE_STORE) {
        o.slot.base = a->score->data + a->offset;
        o.slot.stride = a->score->stride;
        o.slot.imm = a->imm;
    }
    return o;
}

/* Append the ops of one action list at pc; returns the new op count. */
static unsigned emit_actions(struct op *ops, unsigned k, const struct plg_action_list *l,
                             gaddr_t pc)
{
    for (unsigned i = 0; i < l->n; i++) {
        if (action_kind(&l->a[i]) != OPK_COUNT)
            ops[k++] = action_op(&l->a[i], pc);
    }
    return k;
}

/* The fused instrumented-access kind (OPK_MI_*) for an integer load/store row, or
 * OPK_PLG_MEM_ARM for the others (FP, atomics: generic path). */
static unsigned arm_kind(unsigned op)
{
    /* clang-format off */
    switch (op) {
#define X(name)                                                                                    \
    case RV_OP_##name: return OPK_MI_##name;
        OPK_ACC_LD(X) OPK_ACC_ST(X)
#undef X
    default: return OPK_PLG_MEM_ARM;
    }
    /* clang-format on */
}

static bool insn_has_mem(const struct insn *in)
{
    return (rv_op_flags[in->op] & (INSN_LOAD | INSN_STORE)) != 0;
}

/* Build the op array of a block (ops sized by the caller's count). Returns the op count. */
static unsigned build_ops(struct op *ops, unsigned n, const struct insn *insns, const gaddr_t *pcs,
                          const struct plg_tb_instr *ti, bool log, gaddr_t end)
{
    unsigned k = 0;
    if (log)
        ops[k++] = (struct op){.h = interp_handler(OPK_LOG), .pc = pcs[0]};
    if (ti)
        k = emit_actions(ops, k, &ti->tb, pcs[0]);
    unsigned acc_rd = 0; /* register the previous op left in acc (0: none) */
    for (unsigned i = 0; i < n; i++) {
        struct insn in = insns[i];
        unsigned kind = in.op, k0 = k;
        if ((rv_op_flags[in.op] & INSN_RD) && in.rd == 0)
            in.rd = 32;
        if (ti && i < ti->n_insns) {
            k = emit_actions(ops, k, &ti->insn[i], pcs[i]);
            if (ti->mem[i].n && insn_has_mem(&in)) {
                unsigned fl = rv_op_flags[in.op];
                ops[k] = (struct op){.h = interp_handler(arm_kind(in.op)),
                                     .arm = {.mem = &ti->mem[i]},
                                     .pc = pcs[i]};
                ops[k++].arm.info = plg_meminfo(rv_op_mem_log2[in.op], (fl & INSN_SIGNED) != 0,
                                                (fl & INSN_STORE) != 0);
                kind = OPK_MEM_INSTR;
            }
        }
        /* forward only from the op right before (plugin ops in between may change x[]) */
        if (acc_rd && k == k0 && kind == in.op) {
            if (in.rs1 == acc_rd)
                kind = interp_acc_variant(kind, 1);
            else if (in.rs2 == acc_rd)
                kind = interp_acc_variant(kind, 2);
        }
        acc_rd = interp_sets_acc(kind) ? in.rd : 0;
        ops[k++] = (struct op){.h = interp_handler(kind), .in = in, .pc = pcs[i]};
    }
    if (!(rv_op_flags[insns[n - 1].op] & INSN_END))
        ops[k++] = (struct op){.h = interp_handler(OPK_BLOCK_END), .pc = end};
    return k;
}

static unsigned count_ops(unsigned n, const struct insn *insns, const struct plg_tb_instr *ti)
{
    unsigned k = n + 2;
    if (ti) {
        k += ti->tb.n;
        for (unsigned i = 0; i < n && i < ti->n_insns; i++)
            k += ti->insn[i].n + (ti->mem[i].n && insn_has_mem(&insns[i]));
    }
    return k;
}

/* -d in_asm: the block's disassembly, QEMU's layout. */
static void log_in_asm(struct proc *p, gaddr_t pc, unsigned n, const struct insn *insns,
                       const gaddr_t *pcs)
{
    size_t cap = 64 + (size_t)n * (RV_DISAS_MAX + 48), len = 0;
    char *buf = xmalloc(cap), text[RV_DISAS_MAX];
    const char *sym = p->syms ? symtab_lookup(p->syms, pc) : NULL;
    len += (size_t)snprintf(buf + len, cap - len, "----------------\nIN: %s\n", sym ? sym : "");
    for (unsigned i = 0; i < n; i++) {
        char hex[16];
        rv_disas(pcs[i], insns[i].raw, text);
        snprintf(hex, sizeof hex, insns[i].len == 2 ? "%04x" : "%08x", insns[i].raw);
        len += (size_t)snprintf(buf + len, cap - len, "0x%016" PRIx64 ":  %-18s%s\n", pcs[i], hex,
                                text);
    }
    snprintf(buf + len, cap - len, "\n");
    log_puts(buf);
    free(buf);
}

/* Publish tb unless an invalidation raced with its translation or another vCPU published the
 * same pc first; returns the block to run. */
static struct tb *publish(struct tb_cache *c, struct vcpu *cpu, struct tb *tb, uint64_t seq)
{
    bool over;
    cache_lock(c);
    if (__atomic_load_n(&c->inval_seq, __ATOMIC_ACQUIRE) != seq) {
        tb->flags |= TB_INVALID;
        tb->lnext = c->retired;
        c->retired = tb;
        c->bytes += tb->bytes;
        cache_unlock(c);
        return tb;
    }
    struct tb *other = hash_lookup(c, tb->pc);
    if (other) {
        cache_unlock(c);
        tb_free(tb);
        return other;
    }
    for (unsigned s = 0; s < tb->n_pages; s++) {
        uintptr_t *head = &c->pages[hash_page(tb->page[s])];
        tb->page_next[s] = *head;
        *head = (uintptr_t)tb | s;
    }
    tb->lnext = c->live;
    if (c->live)
        c->live->lprev = tb;
    c->live = tb;
    c->bytes += tb->bytes;
    over = c->bytes > TB_CACHE_LIMIT && !c->flush_requested;
    if (over)
        c->flush_requested = 1;
    struct tb **head = &c->hash[hash_pc(tb->pc)];
    tb->hnext = *head;
    __atomic_store_n(head, tb, __ATOMIC_RELEASE);
    cache_unlock(c);
    if (over)
        cpu_queue_safe_work(cpu, flush_work, NULL);
    return tb;
}

static struct tb *translate(struct vcpu *cpu, gaddr_t pc)
{
    struct proc *p = cpu->proc;
    struct tb_cache *c = p->tbs;
    struct insn insns[TB_MAX_INSNS];
    gaddr_t pcs[TB_MAX_INSNS];
    unsigned n_pages;

    uint64_t seq = __atomic_load_n(&c->inval_seq, __ATOMIC_ACQUIRE);
    unsigned n = decode_block(cpu, pc, insns, pcs, &n_pages);
    if (n == 0)
        return NULL;
    gaddr_t end = pcs[n - 1] + insns[n - 1].len;

    struct plg_tb_instr *ti = NULL;
    if (plg_active) {
        struct plg_insn_desc desc[TB_MAX_INSNS];
        for (unsigned i = 0; i < n; i++) {
            desc[i] = (struct plg_insn_desc){.vaddr = pcs[i],
                                             .raw = insns[i].raw,
                                             .len = insns[i].len,
                                             .mem_log2 = rv_op_mem_log2[insns[i].op],
                                             .op = insns[i].op};
        }
        ti = plg_tb_trans(cpu, pc, n, desc);
    }

    bool log = log_enabled(LOG_EXEC | LOG_CPU);
    unsigned cap = count_ops(n, insns, ti);
    size_t bytes = sizeof(struct tb) + (size_t)cap * sizeof(struct op);
    struct tb *tb = xcalloc(1, bytes);
    tb->pc = pc;
    tb->end = end;
    tb->next[TB_NEXT_TAKEN] = c->unchained[TB_NEXT_TAKEN];
    tb->next[TB_NEXT_FALL] = c->unchained[TB_NEXT_FALL];
    tb->n_insns = n;
    tb->n_pages = n_pages;
    tb->page[0] = pc & GUEST_PAGE_MASK;
    tb->page[1] = tb->page[0] + GUEST_PAGE_SIZE;
    tb->plg = ti;
    tb->bytes = bytes;
    tb->n_ops = build_ops(tb->ops, n, insns, pcs, ti, log, end);
    if (c->be)
        c->be->compile(c->be->opaque, cpu, tb);

    if (log_enabled(LOG_IN_ASM))
        log_in_asm(p, pc, n, insns, pcs);
    return publish(c, cpu, tb, seq);
}

struct tb *tb_find(struct vcpu *cpu, gaddr_t pc)
{
    struct tb **slot = &cpu->jmp_cache[tb_jmp_hash(pc)];
    struct tb *tb = *slot;
    if (tb && tb->pc == pc && !(tb->flags & TB_INVALID))
        return tb;
    tb = hash_lookup(cpu->proc->tbs, pc);
    if (!tb) {
        int in_guest = cpu->in_guest;
        cpu->in_guest = 0;
        tb = translate(cpu, pc);
        cpu->in_guest = in_guest;
        if (!tb)
            return NULL;
    }
    *slot = tb;
    return tb;
}
