/*
 * jit.c — the JIT's glue: code memory, the entry/exit and chaining stubs, the runtime helpers
 * generated code calls, the run loop and the co-simulation mode.
 *
 * Code memory (W^X): one memfd mapped twice, read+execute where code runs and read+write where
 * it is written; no page is ever writable and executable at once, and nothing is mprotect'ed at
 * run time. The write view's mappings of completed 64 KiB chunks are dropped (jit_code_written)
 * so that code pages are not counted twice in RSS. Blocks get code by an atomic bump of `used`
 * (compilation never takes a lock), all at translation time: the first execution of a block is
 * already compiled code. Code is never patched: chaining goes through the blocks' next[] slots
 * (lower.c). Code bytes count toward the translation cache limit (tb->bytes), so the cache's own
 * flush bounds them. A flush (tb_flush_exclusive, every vCPU stopped outside generated code) resets
 * the bump pointer and hands the pages back to the kernel (MADV_REMOVE): all code memory is reused.
 * When `used` passes 3/4 of the memory a flush is requested; should the memory still run out first,
 * blocks get the `interp` stub and run in the interpreter until that flush.
 * After a host fork the child copies the code into a memfd of its own and maps it at the same
 * addresses (jit_fork_child), so parent and child never write each other's code.
 *
 * Stubs (at the start of the code memory, kept by flushes): `enter` (called from C: saves the
 * host callee-saved registers, sets up rbx/r12/r13 and enters a block), `epilogue` (returns to
 * C with eax), `exit_fault`, `interp` (a block without code: leaves with EXIT_STEP_DONE, and
 * jit_run continues in the interpreter), and the slow-entry stubs that invalidated blocks and
 * unchained slots point to (jit_rt_chain_slow looks the successor up, chains it, enters it).
 *
 * Flushes during a block: a plugin callback, or an instrumented access's memory callback, may
 * flush the cache while generated code is on the stack. Every helper that can run plugin code
 * compares the flush count before and after, and on a change never returns into the (possibly
 * reused) code: it unwinds to the cpu loop with siglongjmp (FAULT_JMP_PC_SET, or FAULT_JMP_EXIT
 * + the pending exit reason), as the interpreter leaves its block in that case. Plugin
 * callbacks are called by generated code itself, which compares the count after the call: a
 * flush made while a callback runs on the flushing thread (its plugin call state is set) keeps
 * every code page until the next flush (requested at the next allocation), so the callback
 * returns into intact code, which then leaves the block at once (jit_rt_cb_flushed).
 *
 * Co-simulation (-accel cosim): blocks run one at a time (ATTN_STEP). A block whose ops are all
 * deterministic and local (no syscalls, atomics, CSRs, plugin ops, fence.i) runs
 * first as compiled code, which logs the old bytes of every store; its resulting registers,
 * pc, exit reason and stored bytes are saved, the stores are undone, the registers restored,
 * and the interpreter runs the same block; any difference is reported (registers and memory
 * that differ) and plume dies. Only while the guest has one thread (undo would race otherwise).
 *
 * Perf map (-perfmap): "<start> <size> guest_<pc>" per block in /tmp/perf-<pid>.map.
 *
 * Threading: jit_init on the main thread; compile hooks on translating vCPUs (lock-free);
 * helpers and runs on the owning vCPU; flushed and fork_child in exclusive / single-threaded
 * contexts.
 */
#include <cpuid.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../exec/semantics.h"
#include "../mem/mem.h"
#include "jit_internal.h"
#include "x86.h"

#define JIT_CODE_SIZE ((size_t)512 << 20)
#define JIT_CHUNK_MASK (((size_t)64 << 10) - 1)

/* ---- handler -> kind ---- */

static int hkind_cmp(const void *a, const void *b)
{
    const struct jit_hkind *x = a, *y = b;
    if (x->h != y->h)
        return (uintptr_t)x->h < (uintptr_t)y->h ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

unsigned jit_kind(const struct jit_proc *jp, const void *h)
{
    unsigned lo = 0, hi = OPK_COUNT;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if ((uintptr_t)jp->hkind[mid].h < (uintptr_t)h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < OPK_COUNT && jp->hkind[lo].h == h ? jp->hkind[lo].kind : OPK_COUNT;
}

/* ---- code memory ---- */

/* Map the memfd fd at the views' addresses (fixed) or anywhere (first time). */
static void map_views(struct jit_proc *jp, int fd, bool fixed)
{
    int ff = fixed ? MAP_FIXED : 0;
    void *rx = mmap(fixed ? jp->rx : NULL, jp->size, PROT_READ | PROT_EXEC, MAP_SHARED | ff, fd, 0);
    void *rw =
        mmap(fixed ? jp->rw : NULL, jp->size, PROT_READ | PROT_WRITE, MAP_SHARED | ff, fd, 0);
    if (rx == MAP_FAILED || rw == MAP_FAILED)
        die("jit: cannot map code memory: %s", strerror(errno));
    /* A forked child must not share code memory with its parent (jit_fork_child). */
    if (madvise(rx, jp->size, MADV_DONTFORK) != 0 || madvise(rw, jp->size, MADV_DONTFORK) != 0)
        die("jit: madvise(MADV_DONTFORK): %s", strerror(errno));
    jp->rx = rx;
    jp->rw = rw;
}

static int new_memfd(size_t size)
{
    int fd = memfd_create("plume-jit", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
        die("jit: cannot create code memory: %s", strerror(errno));
    return fd;
}

uint8_t *jit_code_alloc(struct jit_proc *jp, struct vcpu *cpu, size_t n, uint8_t **rw)
{
    n = (n + 31) & ~(size_t)31;
    size_t at = __atomic_fetch_add(&jp->used, n, __ATOMIC_RELAXED);
    if (at + n > jp->flush_at && at <= jp->flush_at)
        tb_request_flush(cpu);
    if (at + n > jp->size)
        return NULL;
    *rw = jp->rw + at;
    return jp->rx + at;
}

void jit_code_written(struct jit_proc *jp, uint8_t *rw, size_t n)
{
    /* A page mapped twice counts twice in RSS: drop the write view's mappings of the 64 KiB
     * chunks this block completed (the data stays in the memfd; a late writer re-faults). */
    size_t at = (size_t)(rw - jp->rw), c0 = at & ~JIT_CHUNK_MASK, c1 = (at + n) & ~JIT_CHUNK_MASK;
    if (c1 > c0)
        madvise(jp->rw + c0, c1 - c0, MADV_DONTNEED);
}

static void jit_flushed(void *opaque)
{
    struct jit_proc *jp = opaque;
    /* A dynamic plugin callback running on this thread (its call state is not at rest: a
     * plugin, or a level, as the debugger's callbacks have) returns into its block's code
     * before it sees the flush and leaves: keep every code page until the next flush, which is
     * asked for at the next allocation. */
    struct vcpu *cpu = current_cpu;
    const char *pv = cpu ? (const char *)cpu->plg : NULL;
    if (pv && (*(void *const *)(pv + jp->plg_owner_off) || pv[jp->plg_level_off])) {
        jp->flush_at = __atomic_load_n(&jp->used, __ATOMIC_RELAXED);
        return;
    }
    jp->flush_at = jp->size / 4 * 3;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t from = (jp->stubs + page - 1) & ~(page - 1);
    size_t to = jp->used < jp->size ? jp->used : jp->size;
    to = (to + page - 1) & ~(page - 1);
    /* Give the old code's pages back (no vCPU is in generated code): RSS stays that of the
     * translations alive, as with the interpreter. */
    if (to > from)
        madvise(jp->rw + from, to - from, MADV_REMOVE);
    __atomic_store_n(&jp->used, jp->stubs, __ATOMIC_RELAXED);
}

static void mark_recompile(struct tb *tb, void *arg)
{
    const struct jit_proc *jp = arg;
    if (tb->jit_code != jp->interp)
        tb->jit_code = jp->recompile;
}

static void gen_stubs(struct jit_proc *jp);

static void jit_fork_child(void *opaque)
{
    struct jit_proc *jp = opaque;
    /* The code memory was not inherited (MADV_DONTFORK): new memory at the same addresses, the
     * same stubs (so every stub address the blocks hold stays valid), and each live block is
     * compiled again when it is next entered. */
    int fd = new_memfd(jp->size);
    map_views(jp, fd, true);
    close(fd);
    gen_stubs(jp);
    tb_foreach_live(jp->proc, mark_recompile, jp);
    if (jp->perfmap) {
        fclose(jp->perfmap);
        jp->perfmap = NULL;
    }
}

void jit_perfmap_add(struct jit_proc *jp, const uint8_t *rx, size_t len, gaddr_t pc)
{
    if (!jp->perfmap)
        return;
    pthread_mutex_lock(&jp->perfmap_lock);
    fprintf(jp->perfmap, "%" PRIxPTR " %zx guest_0x%" PRIx64 "\n", (uintptr_t)rx, len, pc);
    fflush(jp->perfmap);
    pthread_mutex_unlock(&jp->perfmap_lock);
}

/* ---- stubs ---- */

#define CPU_OFF(field) ((int32_t)offsetof(struct vcpu, field) - JIT_CPU_BIAS)
#define TB_CODE_OFF ((int32_t)offsetof(struct tb, jit_code))

static const uint8_t callee_saved[6] = {X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15};

static void gen_stubs(struct jit_proc *jp)
{
    struct x86_buf b = {0};

    /* enter(cpu = rdi, tb = rsi) */
    size_t enter = b.len;
    for (unsigned i = 0; i < 6; i++)
        x86_push(&b, callee_saved[i]);
    x86_alu_ri(&b, true, X86_ALU_SUB, X86_RSP, 8); /* 16-byte alignment inside */
    x86_lea(&b, X86_RBX, x86_m(X86_RDI, JIT_CPU_BIAS));
    x86_load(&b, true, X86_R12, x86_m(X86_RDI, (int32_t)offsetof(struct vcpu, mem_base)));
    x86_mov_imm(&b, X86_R13, GUEST_SPACE - 8);
    x86_mov_rr(&b, X86_RAX, X86_RSI);
    x86_mov_imm(&b, X86_RSI, 0);
    x86_jmp_m(&b, x86_m(X86_RAX, TB_CODE_OFF));

    size_t epilogue = b.len;
    x86_alu_ri(&b, true, X86_ALU_ADD, X86_RSP, 8);
    for (unsigned i = 6; i-- > 0;)
        x86_pop(&b, callee_saved[i]);
    x86_ret(&b);

    size_t fault = b.len;
    x86_mov_imm(&b, X86_RAX, EXIT_FAULT);
    x86_patch_rel32(&b, x86_jmp32(&b), epilogue);

    /* a block without code: cpu->pc = tb->pc, leave for the interpreter */
    size_t interp = b.len;
    x86_load(&b, true, X86_RCX, x86_m(X86_RAX, (int32_t)offsetof(struct tb, pc)));
    x86_store(&b, true, x86_m(X86_RBX, CPU_OFF(pc)), X86_RCX);
    x86_mov_imm(&b, X86_RAX, EXIT_STEP_DONE);
    x86_patch_rel32(&b, x86_jmp32(&b), epilogue);

    /* a block to compile again (after a fork): rax = the block */
    size_t recompile = b.len;
    x86_lea(&b, X86_RDI, x86_m(X86_RBX, -JIT_CPU_BIAS));
    x86_mov_rr(&b, X86_RSI, X86_RAX);
    x86_movabs(&b, X86_RAX, (uintptr_t)jit_rt_recompile);
    x86_call_r(&b, X86_RAX);
    x86_mov_imm(&b, X86_RSI, 0);
    x86_jmp_m(&b, x86_m(X86_RAX, TB_CODE_OFF));

    /* slow entries: rax = the block entered (stale or sentinel), rsi = the block before */
    size_t slow[3], common_jmp[3];
    for (unsigned k = 0; k < 3; k++) {
        slow[k] = b.len;
        x86_mov_imm(&b, X86_RCX, k);
        common_jmp[k] = x86_jmp32(&b);
    }
    for (unsigned k = 0; k < 3; k++)
        x86_patch_rel32(&b, common_jmp[k], b.len);
    x86_lea(&b, X86_RDI, x86_m(X86_RBX, -JIT_CPU_BIAS));
    x86_mov_rr(&b, X86_RDX, X86_RSI);
    x86_mov_rr(&b, X86_RSI, X86_RAX);
    x86_movabs(&b, X86_RAX, (uintptr_t)jit_rt_chain_slow);
    x86_call_r(&b, X86_RAX);
    x86_test_rr(&b, true, X86_RAX, X86_RAX);
    x86_patch_rel32(&b, x86_jcc32(&b, X86_CC_E), fault);
    x86_mov_imm(&b, X86_RSI, 0);
    x86_jmp_m(&b, x86_m(X86_RAX, TB_CODE_OFF));

    memcpy(jp->rw, b.p, b.len);
    jp->enter = (enum exit_reason(*)(struct vcpu *, struct tb *))(jp->rx + enter);
    jp->epilogue = jp->rx + epilogue;
    jp->exit_fault = jp->rx + fault;
    jp->interp = jp->rx + interp;
    jp->recompile = jp->rx + recompile;
    jp->be.stale_code = jp->rx + slow[JIT_SLOW_STALE];
    jp->be.unchained_code[TB_NEXT_TAKEN] = jp->rx + slow[JIT_SLOW_UNCHAINED + TB_NEXT_TAKEN];
    jp->be.unchained_code[TB_NEXT_FALL] = jp->rx + slow[JIT_SLOW_UNCHAINED + TB_NEXT_FALL];
    jp->stubs = jp->used = (b.len + 63) & ~(size_t)63;
    free(b.p);
}

/* ---- runtime helpers ---- */

static inline uint64_t flushes(const struct vcpu *cpu)
{
    return __atomic_load_n(cpu->ex->flush_count, __ATOMIC_ACQUIRE);
}

/* Leave for the cpu loop without returning into generated code (a flush may have reused it),
 * with exit reason r pending (EXIT_ATTENTION: just continue at cpu->pc). */
static NORETURN void unwind(struct vcpu *cpu, enum exit_reason r)
{
    siglongjmp(cpu->fault_jmp, r == EXIT_ATTENTION ? FAULT_JMP_PC_SET : FAULT_JMP_EXIT + (int)r);
}

struct tb *jit_rt_chain_slow(struct vcpu *cpu, struct tb *tb, struct tb *prev, unsigned kind)
{
    jit_sync(tb);
    if (prev)
        jit_sync(prev);
    if (kind == JIT_SLOW_STALE) {
        /* An invalidated block: its replacement, and repair the slot of prev that led here. */
        struct tb *nt = tb_find(cpu, tb->pc);
        if (!nt) {
            cpu->pc = tb->pc;
            return NULL;
        }
        if (prev && !(nt->flags & TB_INVALID)) {
            for (unsigned s = 0; s < 2; s++) {
                struct tb *old = tb;
                __atomic_compare_exchange_n(&prev->next[s], &old, nt, false, __ATOMIC_RELEASE,
                                            __ATOMIC_RELAXED);
            }
        }
        return nt;
    }
    /* prev's slot is not chained yet: its last op is the block-ending one. */
    unsigned s = kind - JIT_SLOW_UNCHAINED;
    gaddr_t npc = tb_chain_target(&prev->ops[prev->n_ops - 1], s);
    struct tb *nt = tb_find(cpu, npc);
    if (!nt) {
        cpu->pc = npc;
        return NULL;
    }
    if (!(prev->flags & TB_INVALID) && !(nt->flags & TB_INVALID))
        __atomic_store_n(&prev->next[s], nt, __ATOMIC_RELEASE);
    return nt;
}

struct tb *jit_rt_recompile(struct vcpu *cpu, struct tb *tb)
{
    struct jit_proc *jp = tb_get_backend(cpu->proc)->opaque;
    size_t bytes;
    jit_sync(tb);
    const void *code = jit_lower(jp, cpu, tb, &bytes);
    const void *old = jp->recompile;
    /* An invalidation meanwhile (jit_code = the stale stub) wins. */
    __atomic_compare_exchange_n(&tb->jit_code, &old, code, false, __ATOMIC_RELEASE,
                                __ATOMIC_RELAXED);
    return tb;
}

struct tb *jit_rt_jalr_miss(struct vcpu *cpu, struct tb *tb, gaddr_t npc)
{
    jit_sync(tb);
    struct tb *nt = tb_find(cpu, npc);
    if (!nt) {
        cpu->pc = npc;
        return NULL;
    }
    if (!(tb->flags & TB_INVALID) && !(nt->flags & TB_INVALID))
        __atomic_store_n(&tb->next[TB_NEXT_TAKEN], nt, __ATOMIC_RELEASE);
    return nt;
}

enum exit_reason jit_rt_step(struct vcpu *cpu, const struct op *ops, const struct tb *tb)
{
    jit_sync(tb);
    uint64_t f = flushes(cpu);
    enum exit_reason r = interp_step(cpu, ops);
    if (unlikely(flushes(cpu) != f)) {
        if (r == EXIT_STEP_DONE) {
            const void *end = interp_handler(OPK_STEP_END);
            while (ops->h != end)
                ops++;
            cpu->pc = ops->pc;
            r = EXIT_ATTENTION;
        }
        unwind(cpu, r);
    }
    return r;
}

void jit_rt_cb_flushed(struct vcpu *cpu)
{
    /* A callback flushed the cache: resume at cpu->pc (the callback's instruction, or the next
     * one after a memory callback), as the interpreter does. */
    unwind(cpu, EXIT_ATTENTION);
}

uint64_t jit_rt_div(uint64_t a, uint64_t b)
{
    return sem_div(a, b);
}

uint64_t jit_rt_divu(uint64_t a, uint64_t b)
{
    return sem_divu(a, b);
}

uint64_t jit_rt_rem(uint64_t a, uint64_t b)
{
    return sem_rem(a, b);
}

uint64_t jit_rt_remu(uint64_t a, uint64_t b)
{
    return sem_remu(a, b);
}

uint64_t jit_rt_divw(uint64_t a, uint64_t b)
{
    return sem_divw(a, b);
}

uint64_t jit_rt_divuw(uint64_t a, uint64_t b)
{
    return sem_divuw(a, b);
}

uint64_t jit_rt_remw(uint64_t a, uint64_t b)
{
    return sem_remw(a, b);
}

uint64_t jit_rt_remuw(uint64_t a, uint64_t b)
{
    return sem_remuw(a, b);
}

uint64_t jit_rt_orc_b(uint64_t a)
{
    return sem_orc_b(a);
}

/* ---- co-simulation ---- */

static struct jit_vcpu *cosim_vcpu(struct vcpu *cpu)
{
    if (!cpu->jit)
        cpu->jit = xcalloc(1, sizeof *cpu->jit);
    return cpu->jit;
}

void jit_rt_cosim_log(struct vcpu *cpu, gaddr_t a, unsigned size)
{
    struct jit_vcpu *cv = cpu->jit;
    if (!cv || !cv->logging)
        return;
    /* Read the old bytes only where the store itself will succeed: a store to a read-only page
     * faults with SIGSEGV, but reading it first would raise the read's fault instead (SIGBUS
     * beyond the end of a file mapping). The faulting store leaves nothing to undo. */
    struct mem_space *m = cpu->proc->mem;
    if (!(mem_page_flags(m, a) & PAGE_WRITE) || !(mem_page_flags(m, a + size - 1) & PAGE_WRITE))
        return;
    if (cv->n == cv->cap) {
        cv->cap = cv->cap ? cv->cap * 2 : 64;
        cv->log = xrealloc(cv->log, cv->cap * sizeof *cv->log);
    }
    struct jit_undo *u = &cv->log[cv->n++];
    u->addr = a;
    u->size = size;
    u->old = 0;
    memcpy(&u->old, cpu->mem_base + a, size);
}

/* Architectural state compared by co-simulation. */
struct cosim_state {
    uint64_t x[32], f[32], pc;
    uint32_t fflags, frm;
    struct guest_fault fault;
};

static void cosim_save(const struct vcpu *cpu, struct cosim_state *s)
{
    memcpy(s->x, cpu->x, sizeof s->x);
    memcpy(s->f, cpu->f, sizeof s->f);
    s->pc = cpu->pc;
    s->fflags = cpu->fflags;
    s->frm = cpu->frm;
    s->fault = cpu->fault;
}

static void cosim_restore(struct vcpu *cpu, const struct cosim_state *s)
{
    memcpy(cpu->x, s->x, sizeof s->x);
    memcpy(cpu->f, s->f, sizeof s->f);
    cpu->pc = s->pc;
    cpu->fflags = s->fflags;
    cpu->frm = s->frm;
    cpu->fault = s->fault;
}

/* Whether every op of tb is deterministic and only stores through logged native stores. */
static bool cosim_checkable(const struct jit_proc *jp, const struct tb *tb)
{
    if (tb->jit_code == jp->interp)
        return false;
    for (unsigned i = 0; i < tb->n_ops; i++) {
        unsigned k = jit_kind(jp, tb->ops[i].h);
        if (k == OPK_BLOCK_END)
            continue;
        if (k >= RV_OP_COUNT && !(k > OPK_STEP_END && k < OPK_MI_LB))
            return false;
        unsigned o = tb->ops[i].in.op, fl = rv_op_flags[o];
        if ((fl & (INSN_TRAP | INSN_ATOMIC | INSN_CSR)) || o == RV_OP_FENCE_I)
            return false;
    }
    return true;
}

static NORETURN void cosim_fail(const struct tb *tb, const char *what)
{
    die("cosim: block at 0x%" PRIx64 ": %s differs between the JIT and the interpreter", tb->pc,
        what);
}

/* After the JIT ran tb (exit r1): undo, rerun with the interpreter, compare. Returns the
 * interpreter's exit reason. */
static enum exit_reason cosim_check(struct vcpu *cpu, const struct tb *tb,
                                    const struct cosim_state *before, enum exit_reason r1)
{
    struct jit_vcpu *cv = cpu->jit;
    struct cosim_state jit;
    cosim_save(cpu, &jit);
    uint64_t *stored = xmalloc((cv->n + 1) * sizeof *stored);
    for (unsigned i = 0; i < cv->n; i++) {
        stored[i] = 0;
        memcpy(&stored[i], cpu->mem_base + cv->log[i].addr, cv->log[i].size);
    }
    for (unsigned i = cv->n; i-- > 0;)
        memcpy(cpu->mem_base + cv->log[i].addr, &cv->log[i].old, cv->log[i].size);
    cosim_restore(cpu, before);
    enum exit_reason r2 = interp_run(cpu);

    bool bad = false;
    if (r1 != r2) {
        warn_msg("cosim: exit reason jit %d, interpreter %d", (int)r1, (int)r2);
        bad = true;
    }
    for (unsigned i = 0; i < 32; i++) {
        if (jit.x[i] != cpu->x[i]) {
            warn_msg("cosim: x%u jit 0x%" PRIx64 ", interpreter 0x%" PRIx64, i, jit.x[i],
                     cpu->x[i]);
            bad = true;
        }
        if (jit.f[i] != cpu->f[i]) {
            warn_msg("cosim: f%u jit 0x%" PRIx64 ", interpreter 0x%" PRIx64, i, jit.f[i],
                     cpu->f[i]);
            bad = true;
        }
    }
    if (jit.pc != cpu->pc || jit.fflags != cpu->fflags || jit.frm != cpu->frm) {
        warn_msg("cosim: pc jit 0x%" PRIx64 ", interpreter 0x%" PRIx64 " (or fcsr differs)", jit.pc,
                 cpu->pc);
        bad = true;
    }
    if (r1 == EXIT_FAULT && r2 == EXIT_FAULT &&
        (jit.fault.sig != cpu->fault.sig || jit.fault.code != cpu->fault.code ||
         jit.fault.addr != cpu->fault.addr)) {
        warn_msg("cosim: fault differs");
        bad = true;
    }
    for (unsigned i = 0; i < cv->n; i++) {
        uint64_t now = 0;
        memcpy(&now, cpu->mem_base + cv->log[i].addr, cv->log[i].size);
        if (now != stored[i]) {
            warn_msg("cosim: memory at 0x%" PRIx64 " jit 0x%" PRIx64 ", interpreter 0x%" PRIx64,
                     cv->log[i].addr, stored[i], now);
            bad = true;
        }
    }
    free(stored);
    if (bad)
        cosim_fail(tb, "the result");
    return r2;
}

/* Co-simulated run: one block at a time, checking those cosim_checkable accepts. */
static enum exit_reason cosim_run(struct jit_proc *jp, struct vcpu *cpu)
{
    struct jit_vcpu *cv = cosim_vcpu(cpu);
    for (;;) {
        struct tb *tb = tb_find(cpu, cpu->pc);
        if (!tb)
            return EXIT_FAULT;
        bool check = !cpu->proc->multi_threaded && cosim_checkable(jp, tb);
        struct cosim_state before;
        cosim_save(cpu, &before);
        cv->n = 0;
        cv->logging = check;
        __atomic_or_fetch(&cpu->attention, ATTN_STEP, __ATOMIC_SEQ_CST);
        enum exit_reason r = jp->enter(cpu, tb);
        if (r == EXIT_STEP_DONE)
            r = interp_run(cpu);
        cv->logging = false;
        if (check)
            r = cosim_check(cpu, tb, &before, r);
        __atomic_and_fetch(&cpu->attention, ~ATTN_STEP, __ATOMIC_SEQ_CST);
        if (r != EXIT_ATTENTION || __atomic_load_n(&cpu->attention, __ATOMIC_RELAXED))
            return r;
    }
}

/* ---- back-end hooks ---- */

static enum exit_reason jit_run(void *opaque, struct vcpu *cpu)
{
    struct jit_proc *jp = opaque;
    if (jp->cosim)
        return cosim_run(jp, cpu);
    struct tb *tb = tb_find(cpu, cpu->pc);
    if (!tb)
        return EXIT_FAULT;
    enum exit_reason r = jp->enter(cpu, tb);
    if (r == EXIT_STEP_DONE)
        r = interp_run(cpu); /* a block without code: the interpreter runs from cpu->pc */
    return r;
}

static void jit_vcpu_free(void *opaque, struct vcpu *cpu)
{
    if (cpu->jit) {
        free(cpu->jit->log);
        free(cpu->jit);
        cpu->jit = NULL;
    }
}

static void host_features(struct jit_proc *jp)
{
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d))
        jp->has_popcnt = (c >> 23) & 1;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        jp->has_lzcnt = (c >> 5) & 1;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        jp->has_tzcnt = (b >> 3) & 1;
}

void jit_init(struct proc *p, const struct jit_options *opt)
{
    struct jit_proc *jp = xcalloc(1, sizeof *jp);
    jp->proc = p;
    jp->cosim = opt->cosim;
    host_features(jp);

    jp->hkind = xmalloc(OPK_COUNT * sizeof *jp->hkind);
    for (unsigned k = 0; k < OPK_COUNT; k++)
        jp->hkind[k] = (struct jit_hkind){interp_handler(k), k};
    qsort(jp->hkind, OPK_COUNT, sizeof *jp->hkind, hkind_cmp);

    jp->plg_level_off = plg_call_level_offset();
    jp->plg_owner_off = plg_call_owner_offset();
    jp->size = JIT_CODE_SIZE;
    jp->flush_at = jp->size / 4 * 3;
    int fd = new_memfd(jp->size);
    map_views(jp, fd, false);
    close(fd);
    gen_stubs(jp);

    pthread_mutex_init(&jp->perfmap_lock, NULL);
    if (opt->perfmap) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
        jp->perfmap = fopen(path, "we");
        if (!jp->perfmap)
            warn_msg("-perfmap: cannot open %s: %s", path, strerror(errno));
    }

    jp->be.opaque = jp;
    jp->be.compile = jit_compile;
    jp->be.run = jit_run;
    jp->be.flushed = jit_flushed;
    jp->be.fork_child = jit_fork_child;
    jp->be.vcpu_free = jit_vcpu_free;
    tb_set_backend(p, &jp->be);
}
