/*
 * core.c — the plugin registry, callback lists and event delivery (the hooks.h entry points
 * except the translation and execution hooks, which live in inject.c).
 *
 * Lists: one singly linked list per event kind, newest registration at the head, delivered
 * head first (so the most recently registered plugin runs first). Walkers take no lock: they
 * load each successor with acquire semantics before calling the entry, so a callback may
 * unregister itself or register others while being called. Unlinked entries are retired and
 * freed only by plg_reclaim() at quiescent points (flush, exclusive sections) — never while a
 * walker on another thread might still hold them.
 *
 * Dispatch: each entry remembers its plugin, whose declared API version selects the exact
 * function type used for the call (versions 1-6 pass the id first, version 7 passes userdata
 * last; see spec §8.5). Around every call the vCPU's access level and current plugin are set.
 *
 * Threading: registration, uninstall/reset, scoreboard growth and vCPU bookkeeping take the
 * recursive plg_core.lock; exclusive_start() is always entered before that lock.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../exec/exec.h"
#include "../util/log.h"
#include "core.h"

struct plg_core plg_core = {.lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP, .mem_fd = -1};
bool plg_active;

/* Exact callback types, by API version (v1-v6 "old", v7 "new"). */
typedef void (*cb_id_t)(uint64_t id);
typedef void (*cb_ud_t)(void *udata);
typedef void (*cb_id_ud_t)(uint64_t id, void *udata);
typedef void (*cb_id_idx_t)(uint64_t id, unsigned idx);
typedef void (*cb_idx_ud_t)(unsigned idx, void *udata);
typedef void (*cb_sys_old_t)(uint64_t id, unsigned idx, int64_t num, uint64_t a1, uint64_t a2,
                             uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                             uint64_t a8);
typedef void (*cb_sys_new_t)(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                             uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                             void *udata);
typedef bool (*cb_filter_old_t)(uint64_t id, unsigned idx, int64_t num, uint64_t a1, uint64_t a2,
                                uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                                uint64_t a8, uint64_t *ret);
typedef bool (*cb_filter_new_t)(unsigned idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                                uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                                int64_t *ret, void *udata);
typedef void (*cb_ret_old_t)(uint64_t id, unsigned idx, int64_t num, int64_t ret);
typedef void (*cb_ret_new_t)(unsigned idx, int64_t num, int64_t ret, void *udata);

/* ---- locking, lookup ---- */

void plg_core_init(void)
{
    plg_lock();
    if (!plg_core.descs) {
        plg_core.descs = g_ptr_array_new();
        plg_core.scores = g_ptr_array_new();
        plg_core.live = g_ptr_array_new();
        plg_core.score_cap = PLG_SCORE_INITIAL_CAPACITY;
    }
    plg_unlock();
}

void plg_lock(void)
{
    pthread_mutex_lock(&plg_core.lock);
}

void plg_unlock(void)
{
    pthread_mutex_unlock(&plg_core.lock);
}

struct plg_ctx *plg_ctx_get(uint64_t id, const char *fn)
{
    for (struct plg_ctx *c = __atomic_load_n(&plg_core.ctxs, __ATOMIC_ACQUIRE); c; c = c->next) {
        if (c->id == id)
            return c;
    }
    fprintf(stderr, "%s: %s: invalid plugin id 0x%" PRIx64 "\n", plume_progname, fn, id);
    abort();
}

struct plg_vcpu *plg_vcpu_of(struct vcpu *cpu)
{
    if (!cpu->plg)
        cpu->plg = xcalloc(1, sizeof(*cpu->plg));
    return cpu->plg;
}

struct plg_vcpu *plg_self(void)
{
    struct vcpu *cpu = current_cpu;
    return cpu ? plg_vcpu_of(cpu) : NULL;
}

struct plg_ctx *plg_current_ctx(void)
{
    struct plg_vcpu *pv = plg_self();
    if (pv && pv->cur)
        return pv->cur;
    return plg_core.installing;
}

int plg_caller_abi(const void *ra)
{
    uintptr_t a = (uintptr_t)ra;
    for (struct plg_ctx *c = __atomic_load_n(&plg_core.ctxs, __ATOMIC_ACQUIRE); c; c = c->next) {
        for (unsigned i = 0; i < c->n_ranges; i++) {
            if (a >= c->ranges[i].lo && a < c->ranges[i].hi)
                return c->abi;
        }
    }
    struct plg_ctx *cur = plg_current_ctx();
    return cur ? cur->abi : PLG_MAX_VERSION;
}

struct range_query {
    uintptr_t addr;
    struct plg_ctx *ctx;
};

static int record_ranges_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct range_query *q = arg;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && q->addr >= lo && q->addr < lo + ph->p_memsz)
            mine = true;
    }
    if (!mine)
        return 0;
    for (int i = 0; i < info->dlpi_phnum && q->ctx->n_ranges < PLG_MAX_RANGES; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
            q->ctx->ranges[q->ctx->n_ranges++] = (struct plg_range){lo, lo + ph->p_memsz};
        }
    }
    return 1;
}

void plg_ctx_record_ranges(struct plg_ctx *ctx, const void *sym)
{
    struct range_query q = {(uintptr_t)sym, ctx};
    dl_iterate_phdr(record_ranges_cb, &q);
}

/* ---- registration ---- */

static void update_mask_locked(enum plg_event ev)
{
    unsigned bit = 1u << ev;
    unsigned m = plg_core.mask;
    m = plg_core.head[ev] ? (m | bit) : (m & ~bit);
    __atomic_store_n(&plg_core.mask, m, __ATOMIC_RELEASE);
}

/* The link that points at e in its list (lock held). */
static struct plg_cb **link_of_locked(enum plg_event ev, struct plg_cb *e)
{
    struct plg_cb **l = &plg_core.head[ev];
    while (*l != e)
        l = &(*l)->next;
    return l;
}

static void retire_locked(struct plg_cb *e)
{
    e->retired_next = plg_core.retired;
    plg_core.retired = e;
}

static void unlink_locked(struct plg_ctx *ctx, enum plg_event ev)
{
    struct plg_cb *e = ctx->slot[ev];
    if (!e)
        return;
    struct plg_cb **l = link_of_locked(ev, e);
    __atomic_store_n(l, e->next, __ATOMIC_RELEASE);
    ctx->slot[ev] = NULL;
    retire_locked(e);
    update_mask_locked(ev);
}

void plg_register(struct plg_ctx *ctx, enum plg_event ev, plg_fn fn, void *udata)
{
    plg_lock();
    if (ctx->uninstalling) {
        plg_unlock();
        return;
    }
    if (!fn) {
        unlink_locked(ctx, ev);
        plg_unlock();
        return;
    }
    struct plg_cb *e = xcalloc(1, sizeof(*e));
    e->ctx = ctx;
    e->fn = fn;
    e->udata = udata;
    struct plg_cb *old = ctx->slot[ev];
    if (old) {
        /* Replace in place: walkers see either the old or the new entry, never a mix. */
        e->next = old->next;
        __atomic_store_n(link_of_locked(ev, old), e, __ATOMIC_RELEASE);
        retire_locked(old);
    } else {
        e->next = plg_core.head[ev];
        __atomic_store_n(&plg_core.head[ev], e, __ATOMIC_RELEASE);
    }
    ctx->slot[ev] = e;
    update_mask_locked(ev);
    plg_unlock();
}

void plg_unregister_all_locked(struct plg_ctx *ctx, bool keep_atexit)
{
    for (int ev = 0; ev < PLG_EV_COUNT; ev++) {
        if (!(keep_atexit && ev == PLG_EV_ATEXIT))
            unlink_locked(ctx, ev);
    }
}

void plg_reclaim(void)
{
    struct plg_vcpu *pv = plg_self();
    if (pv && pv->walk_depth)
        return;
    plg_lock();
    struct plg_cb *e = plg_core.retired;
    plg_core.retired = NULL;
    plg_unlock();
    while (e) {
        struct plg_cb *n = e->retired_next;
        free(e);
        e = n;
    }
}

/* ---- walking ---- */

static struct plg_cb *first(enum plg_event ev)
{
    return __atomic_load_n(&plg_core.head[ev], __ATOMIC_ACQUIRE);
}

static struct plg_cb *next_of(struct plg_cb *e)
{
    return __atomic_load_n(&e->next, __ATOMIC_ACQUIRE);
}

static bool event_enabled(enum plg_event ev)
{
    return (__atomic_load_n(&plg_core.mask, __ATOMIC_ACQUIRE) >> ev) & 1;
}

/* Saved per-vCPU call state, restored after a plugin call. */
struct call_state {
    struct plg_vcpu *pv;
    uint8_t level;
    struct plg_ctx *cur;
    sigjmp_buf *unwind;
};

static struct call_state enter(struct plg_vcpu *pv, uint8_t level, struct plg_ctx *ctx)
{
    struct call_state s = {pv, 0, NULL, NULL};
    if (pv) {
        s.level = pv->level;
        s.cur = pv->cur;
        s.unwind = pv->unwind;
        pv->level = level;
        pv->cur = ctx;
        pv->walk_depth++;
    }
    return s;
}

static void leave(const struct call_state *s)
{
    if (s->pv) {
        s->pv->level = s->level;
        s->pv->cur = s->cur;
        s->pv->unwind = s->unwind;
        s->pv->walk_depth--;
    }
}

/* Deliver a vCPU event (init, exit, idle, resume) to every registered plugin. */
static void deliver_vcpu_event(struct vcpu *cpu, enum plg_event ev)
{
    struct plg_vcpu *pv = plg_vcpu_of(cpu);
    for (struct plg_cb *e = first(ev), *n; e; e = n) {
        n = next_of(e);
        struct call_state s = enter(pv, PLG_LEVEL_RW, e->ctx);
        if (e->ctx->abi >= 7)
            ((cb_idx_ud_t)e->fn)(cpu->index, e->udata);
        else
            ((cb_id_idx_t)e->fn)(e->ctx->id, cpu->index);
        leave(&s);
    }
}

/* ---- vCPU life cycle ---- */

/* The init work runs before cpu_loop marks the vCPU running, so it joins exclusive sections
 * itself (as a thread leaving a blocking syscall does): otherwise a flush (which reclaims
 * retired list entries), a scoreboard growth (which moves every scoreboard) or an uninstall
 * (which unloads the library) on another thread could run under its vcpu_init callbacks. */
void plg_vcpu_init(struct vcpu *cpu)
{
    struct plg_core *c = &plg_core;
    struct plg_vcpu *pv = plg_vcpu_of(cpu);
    exclusive_leave_syscall(cpu);
    plg_lock();
    bool grow = cpu->index >= c->score_cap;
    plg_unlock();
    if (grow) {
        exclusive_start(cpu);
        plg_lock();
        /* Another new vCPU may have grown the scoreboards meanwhile: flush only once. */
        if (plg_scores_grow_locked(cpu->index) && c->proc && c->proc->tbs)
            tb_flush_exclusive(c->proc);
        plg_unlock();
        exclusive_end(cpu);
    }
    plg_lock();
    if (cpu->index + 1 > c->num_vcpus)
        __atomic_store_n(&c->num_vcpus, cpu->index + 1, __ATOMIC_RELEASE);
    if (!pv->live) {
        pv->live = true;
        g_ptr_array_add(c->live, cpu);
    }
    plg_unlock();
    deliver_vcpu_event(cpu, PLG_EV_VCPU_INIT);
    exclusive_enter_syscall(cpu);
}

void plg_vcpu_exit(struct vcpu *cpu)
{
    struct plg_vcpu *pv = plg_vcpu_of(cpu);
    deliver_vcpu_event(cpu, PLG_EV_VCPU_EXIT);
    plg_lock();
    if (pv->live) {
        pv->live = false;
        g_ptr_array_remove(plg_core.live, cpu);
    }
    plg_unlock();
    /* The thread translates nothing more: drop its translation scratch. */
    struct qemu_plugin_tb *tb = &pv->tb;
    for (unsigned i = 0; i < tb->cap; i++) {
        free(tb->insn_acts[i].a);
        free(tb->mem_acts[i].a);
    }
    free(tb->tb_acts.a);
    free(tb->insns);
    free(tb->insn_acts);
    free(tb->mem_acts);
    memset(tb, 0, sizeof(*tb));
}

/* ---- translation ---- */

typedef void (*cb_trans_old_t)(uint64_t id, struct qemu_plugin_tb *tb);
typedef void (*cb_trans_new_t)(struct qemu_plugin_tb *tb, void *udata);

struct plg_tb_instr *plg_tb_trans(struct vcpu *cpu, gaddr_t pc, unsigned n,
                                  const struct plg_insn_desc *insns)
{
    if (!event_enabled(PLG_EV_TB_TRANS) && !plg_core.debug.step)
        return NULL;
    struct plg_vcpu *pv = plg_vcpu_of(cpu);
    struct qemu_plugin_tb *tb = &pv->tb;
    plg_tb_begin(tb, cpu, pc, n, insns);
    if (plg_core.debug.step)
        plg_debug_instrument(tb);
    tb->active = true;
    for (struct plg_cb *e = first(PLG_EV_TB_TRANS), *nx; e; e = nx) {
        nx = next_of(e);
        struct call_state s = enter(pv, PLG_LEVEL_RW, e->ctx);
        tb->owner = e->ctx;
        if (e->ctx->abi >= 7)
            ((cb_trans_new_t)e->fn)(tb, e->udata);
        else
            ((cb_trans_old_t)e->fn)(e->ctx->id, tb);
        leave(&s);
    }
    tb->active = false;
    tb->owner = NULL;
    return plg_tb_build(tb);
}

/* ---- syscalls ---- */

/* One syscall-path event being delivered (entry, filter or return). */
struct sys_event {
    enum plg_event ev;
    int64_t num;
    const uint64_t *a;     /* entry, filter: guest a0..a5 */
    int64_t ret;           /* return: the result */
    volatile int64_t slot; /* filter: the result a filter supplies */
};

/* Call entry e for event x with the signature of its plugin's version; true if a filter took
 * the syscall. */
static bool call_sys(const struct plg_cb *e, unsigned idx, struct sys_event *x)
{
    const uint64_t *a = x->a;
    bool v7 = e->ctx->abi >= 7;
    switch (x->ev) {
    case PLG_EV_SYSCALL:
        if (v7)
            ((cb_sys_new_t)e->fn)(idx, x->num, a[0], a[1], a[2], a[3], a[4], a[5], 0, 0, e->udata);
        else
            ((cb_sys_old_t)e->fn)(e->ctx->id, idx, x->num, a[0], a[1], a[2], a[3], a[4], a[5], 0,
                                  0);
        return false;
    case PLG_EV_SYSCALL_FILTER:
        if (v7)
            return ((cb_filter_new_t)e->fn)(idx, x->num, a[0], a[1], a[2], a[3], a[4], a[5], 0, 0,
                                            (int64_t *)&x->slot, e->udata);
        return ((cb_filter_old_t)e->fn)(e->ctx->id, idx, x->num, a[0], a[1], a[2], a[3], a[4], a[5],
                                        0, 0, (uint64_t *)&x->slot);
    default:
        if (v7)
            ((cb_ret_new_t)e->fn)(idx, x->num, x->ret, e->udata);
        else
            ((cb_ret_old_t)e->fn)(e->ctx->id, idx, x->num, x->ret);
        return false;
    }
}

/* Walk the list of x->ev at level RW_PC until a filter takes the call (returns true).
 * qemu_plugin_set_pc from a callback unwinds to the sigsetjmp here, ends the walk and marks the
 * vCPU redirected (plg_pc_redirected). */
static bool deliver_sys_event(struct vcpu *cpu, struct sys_event *x)
{
    struct plg_vcpu *pv = plg_vcpu_of(cpu);
    struct plg_cb *volatile e = first(x->ev);
    sigjmp_buf jb;
    struct call_state s = enter(pv, PLG_LEVEL_RW_PC, NULL);
    if (sigsetjmp(jb, 0)) {
        pv->redirected = true;
        leave(&s);
        return false;
    }
    bool taken = false;
    for (struct plg_cb *n; e && !taken; e = n) {
        n = next_of(e);
        pv->cur = e->ctx;
        pv->unwind = &jb;
        taken = call_sys(e, cpu->index, x);
    }
    leave(&s);
    return taken;
}

void plg_syscall(struct vcpu *cpu, int64_t num, const uint64_t a[6])
{
    struct sys_event x = {.ev = PLG_EV_SYSCALL, .num = num, .a = a};
    if (event_enabled(x.ev))
        deliver_sys_event(cpu, &x);
}

bool plg_syscall_filter(struct vcpu *cpu, int64_t num, const uint64_t a[6], int64_t *ret)
{
    struct sys_event x = {.ev = PLG_EV_SYSCALL_FILTER, .num = num, .a = a};
    if (!event_enabled(x.ev) || !deliver_sys_event(cpu, &x))
        return false;
    *ret = x.slot;
    return true;
}

void plg_syscall_ret(struct vcpu *cpu, int64_t num, int64_t ret)
{
    struct sys_event x = {.ev = PLG_EV_SYSCALL_RET, .num = num, .ret = ret};
    if (event_enabled(x.ev))
        deliver_sys_event(cpu, &x);
}

bool plg_pc_redirected(struct vcpu *cpu)
{
    struct plg_vcpu *pv = cpu->plg;
    if (!pv || !pv->redirected)
        return false;
    pv->redirected = false;
    return true;
}

/* ---- flush, exit ---- */

/* Call a flush/atexit style callback of e with the id/userdata convention of its version. */
static void call_simple(struct plg_cb *e, bool with_udata)
{
    if (e->ctx->abi >= 7)
        ((cb_ud_t)e->fn)(e->udata);
    else if (with_udata)
        ((cb_id_ud_t)e->fn)(e->ctx->id, e->udata);
    else
        ((cb_id_t)e->fn)(e->ctx->id);
}

/* Deliver a flush or atexit event (no register access; atexit passes userdata to every
 * version). */
static void deliver_simple(enum plg_event ev)
{
    struct plg_vcpu *pv = plg_self();
    for (struct plg_cb *e = first(ev), *n; e; e = n) {
        n = next_of(e);
        struct call_state s = enter(pv, PLG_LEVEL_NONE, e->ctx);
        call_simple(e, ev == PLG_EV_ATEXIT);
        leave(&s);
    }
}

void plg_flushed(struct proc *p)
{
    deliver_simple(PLG_EV_FLUSH);
    plg_reclaim();
}

void plg_run_atexit(void)
{
    deliver_simple(PLG_EV_ATEXIT);
}

void plg_process_exit(struct vcpu *cpu)
{
    struct plg_core *c = &plg_core;
    plg_lock();
    bool done = c->exited;
    struct vcpu *exiting = c->exiting;
    if (!done) {
        c->exited = true;
        c->exiting = cpu;
    }
    plg_unlock();
    if (done && exiting != cpu) {
        /* Another thread runs the exit sequence and ends the process: returning would let our
         * caller end it first, in the middle of the atexit callbacks. Count as stopped. */
        exclusive_enter_syscall(cpu);
        for (;;)
            pause();
    }
    if (done)
        return;
    exclusive_start(cpu);
    plg_lock();
    for (struct plg_ctx *x = c->ctxs; x; x = x->next)
        plg_unregister_all_locked(x, true);
    for (guint i = 0; i < c->live->len; i++)
        ((struct vcpu *)g_ptr_array_index(c->live, i))->plg_mem = NULL;
    if (c->proc && c->proc->tbs)
        tb_flush_exclusive(c->proc);
    plg_unlock();
    exclusive_end(cpu);
    plg_run_atexit();
}

void plg_fork_prepare(void)
{
    plg_lock();
}

void plg_fork_parent(void)
{
    plg_unlock();
}

void plg_fork_child(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&plg_core.lock, &a);
    pthread_mutexattr_destroy(&a);
    /* /proc/self/mem of the parent would read the parent's memory. */
    if (plg_core.mem_fd >= 0) {
        close(plg_core.mem_fd);
        plg_core.mem_fd = -1;
    }
    if (plg_core.debug.fork_child)
        plg_core.debug.fork_child(plg_core.debug.opaque);
}

int plg_own_fd(void)
{
    return __atomic_load_n(&plg_core.mem_fd, __ATOMIC_ACQUIRE);
}

/* ---- uninstall, reset ---- */

/* Call ctx's reset/uninstall completion callback cb (if any) with its version's signature. */
static void call_done(struct plg_ctx *ctx, plg_fn cb, void *udata)
{
    if (!cb)
        return;
    struct call_state s = enter(plg_self(), PLG_LEVEL_NONE, ctx);
    call_simple(&(struct plg_cb){.ctx = ctx, .fn = cb, .udata = udata}, false);
    leave(&s);
}

static void complete_reset_or_uninstall(struct vcpu *cpu, void *arg)
{
    struct plg_ctx *ctx = arg;
    struct plg_core *c = &plg_core;
    plg_lock();
    if (c->proc && c->proc->tbs && c->num_vcpus)
        tb_flush_exclusive(c->proc);
    plg_unregister_all_locked(ctx, false);
    plg_fn cb = ctx->done_cb;
    void *udata = ctx->done_udata;
    ctx->done_cb = NULL;
    if (!ctx->uninstalling) {
        ctx->resetting = false;
        call_done(ctx, cb, udata);
        plg_unlock();
        return;
    }
    if (ctx->installing) {
        fprintf(stderr, "%s: plugin %s: qemu_plugin_uninstall called from qemu_plugin_install\n",
                plume_progname, ctx->path);
        abort();
    }
    struct plg_ctx **l = &c->ctxs;
    while (*l != ctx)
        l = &(*l)->next;
    __atomic_store_n(l, ctx->next, __ATOMIC_RELEASE);
    call_done(ctx, cb, udata);
    g_module_close(ctx->module);
    for (int i = 0; i < ctx->argc; i++)
        g_free(ctx->argv[i]);
    g_free(ctx->argv);
    g_free(ctx->path);
    free(ctx);
    plg_unlock();
}

/* Run the completion now (no vCPU yet) or as safe work on a vCPU. Lock held. */
static void schedule_completion_locked(struct plg_ctx *ctx)
{
    struct vcpu *cpu = current_cpu;
    if (!cpu && plg_core.live->len)
        cpu = g_ptr_array_index(plg_core.live, 0);
    if (cpu)
        cpu_queue_safe_work(cpu, complete_reset_or_uninstall, ctx);
    else
        complete_reset_or_uninstall(NULL, ctx);
}

void plg_request_uninstall(struct plg_ctx *ctx, plg_fn cb, void *udata)
{
    plg_lock();
    if (ctx->installing) {
        fprintf(stderr, "%s: plugin %s: qemu_plugin_uninstall called from qemu_plugin_install\n",
                plume_progname, ctx->path);
        abort();
    }
    if (!ctx->uninstalling) {
        ctx->uninstalling = true;
        ctx->done_cb = cb;
        ctx->done_udata = udata;
        schedule_completion_locked(ctx);
    }
    plg_unlock();
}

void plg_request_reset(struct plg_ctx *ctx, plg_fn cb, void *udata)
{
    plg_lock();
    if (!ctx->uninstalling && !ctx->resetting) {
        ctx->resetting = true;
        ctx->done_cb = cb;
        ctx->done_udata = udata;
        schedule_completion_locked(ctx);
    }
    plg_unlock();
}

/* ---- scoreboards ---- */

bool plg_scores_grow_locked(unsigned idx)
{
    struct plg_core *c = &plg_core;
    size_t cap = c->score_cap;
    while (cap <= idx)
        cap *= 2;
    if (cap == c->score_cap)
        return false;
    for (guint i = 0; i < c->scores->len; i++) {
        struct qemu_plugin_scoreboard *s = g_ptr_array_index(c->scores, i);
        uint8_t *d = xrealloc(s->s.data, cap * s->element_size);
        memset(d + c->score_cap * s->element_size, 0, (cap - c->score_cap) * s->element_size);
        s->s.data = d;
    }
    c->score_cap = cap;
    return true;
}
