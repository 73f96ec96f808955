/*
 * lower.c — lowering of a block's op list (exec/tb.h) to x86-64 code, one op at a time.
 *
 * Generic lowering: ops are visited in array order and each becomes a short x86 sequence working
 * on guest registers in struct vcpu (rbx-relative, see jit_internal.h). Within a block, guest
 * registers are also cached in host registers (r9-r11, rbp, r14, r15): a value the block reads
 * again is kept in a cache register, so that the later read uses the register instead of memory,
 * and a result kept that way is written to struct vcpu only at the next sync point (dirty until
 * then; a result that is not kept is stored at once). Sync points, where every dirty cache
 * register is stored: before every guest access (so a host fault finds the exact architectural
 * state in struct vcpu: the fault protocol unwinds without any write-back), before every call
 * (helpers, the interpreter, plugin callbacks see and may change exact registers), before every
 * exit from the block or branch out of it, and before a conditional callback (both paths join
 * with one state). Which values are cached is decided by looking ahead in the op list (the next
 * read of a register, before it is overwritten, before the next call and within the block): a
 * value read again later gets a free cache register or replaces (writing it back if dirty) the
 * cached value whose next read is farthest; a value not read again is not cached. The cache is
 * forgotten at every call (helpers clobber r9-r11; interpreter steps and plugin callbacks may
 * write guest registers), starts empty in each block, and a slow path that rejoins the hot code
 * (after the interpreter ran the op from the synced state) reloads the cache registers the hot
 * code expects at that point. The look-ahead only steers efficiency: a clean cache register
 * always equals its guest register in struct vcpu, a dirty one is the newer value.
 *
 * Native: RV64I/M integer ops (division through pure helpers), the common Zba/Zbb/Zbs ops (the
 * bit-count ones when the host has POPCNT/LZCNT/TZCNT), lui/auipc, integer and FP loads and
 * stores, FP moves, branches, jal, jalr, ecall, fence; F/D arithmetic, comparisons and
 * conversions as direct calls of the exact riscv/fpu.c functions (rounding mode resolved inline,
 * an illegal dynamic one sent to the interpreter); and the plugin ops (inline add/store on the
 * per-vCPU scoreboard slot base + index * stride, v1 pointer add, callbacks and conditional
 * callbacks, memory arming, instrumented integer and FP accesses with their report). Everything
 * else (atomics, LR/SC, CSRs, fence.i, traps, instrumented atomic accesses) runs its interpreter
 * handler on a copy of the op placed after the block's code (interp_step), so semantics are
 * written once and results are identical.
 *
 * Guest accesses: ea = x[rs1] + imm; `cmp ea, r13; ja slow` (r13 = GUEST_SPACE - 8) then
 * cpu->cur_op = op (the fault protocol of cpu_loop.c: a host fault on the access unwinds there
 * and takes the faulting pc from cur_op), then one host access at r12 + ea (misaligned ones just
 * work on x86). The out-of-line slow path (addresses in the last 8 bytes of the space, or out of
 * range) runs the interpreter's handler, which performs the access or records the fault exactly.
 *
 * Block ends: a direct transfer polls the attention word, then jumps through the block's
 * chaining slot: `mov rax, [tb->next[s]]; jmp [rax->jit_code]` — no code is ever patched: an
 * unchained slot holds the sentinel whose jit_code is jit.c's chaining stub, an invalidated
 * block's jit_code is the stale stub. jalr uses the taken slot as a one-entry target cache, as
 * the interpreter does. Cold paths (attention exits, slow accesses) follow the block's hot code.
 *
 * Code memory layout of one block: [code][copies of the ops run by the interpreter, 32-byte
 * aligned]. The block is assembled in a private buffer and copied into code memory with its
 * relocations applied (rel32 to stubs, absolute addresses of the op copies).
 *
 * Threading: jit_compile runs on the translating vCPU's thread, on a block nobody else sees yet;
 * it only reads the shared jit_proc and allocates code memory atomically.
 */
#include <stddef.h>

#include "../riscv/fpu.h"
#include "../riscv/insn.h"
#include "jit_internal.h"
#include "x86.h"

#define XM(r) x86_m(X86_RBX, (int32_t)(r)*8 - JIT_CPU_BIAS)
#define FM(r) x86_m(X86_RBX, (int32_t)(offsetof(struct vcpu, f) + (r)*8) - JIT_CPU_BIAS)
#define CPUM(field) x86_m(X86_RBX, (int32_t)offsetof(struct vcpu, field) - JIT_CPU_BIAS)
#define TB_NEXT_OFF(s) ((int32_t)(offsetof(struct tb, next) + (s) * sizeof(struct tb *)))
#define TB_CODE_OFF ((int32_t)offsetof(struct tb, jit_code))

/* Out-of-line code emitted after the block's hot code. */
enum cold_kind {
    COLD_ATTN,     /* attention at a direct transfer: cpu->pc = val, EXIT_ATTENTION */
    COLD_ATTN_RAX, /* attention at jalr: cpu->pc = rax, EXIT_ATTENTION */
    COLD_SLOW,     /* slow guest access: interpreter on the op copies at val, back to resume */
    COLD_FLUSHED,  /* a plugin callback flushed the cache: cpu->pc = val, unwind */
};

/* Host registers of the guest register cache, and the mark of a free one. */
#define N_CACHE 6
#define N_VOLATILE 3 /* the first ones, caller-saved */
#define CACHE_FREE 0xff
static const uint8_t cache_regs[N_CACHE] = {X86_R9, X86_R10, X86_R11, X86_RBP, X86_R14, X86_R15};

struct cold {
    size_t patch;  /* rel32 field of the jump here */
    size_t resume; /* COLD_SLOW: where the hot path continues */
    enum cold_kind kind;
    uint64_t val;
    uint8_t cached[N_CACHE]; /* COLD_SLOW: guest register in each cache register at resume */
};

enum reloc_kind {
    REL_ABS32,   /* rel32 field to absolute address val */
    REL_LOCAL64, /* imm64 field = address of this block's op copies + val */
};

struct reloc {
    size_t at;
    enum reloc_kind kind;
    uint64_t val;
};

struct lower {
    struct jit_proc *jp;
    struct tb *tb;
    struct x86_buf b;
    struct cold *cold;
    unsigned n_cold, cap_cold;
    struct reloc *rel;
    unsigned n_rel, cap_rel;
    struct op *side; /* op copies for the interpreter */
    unsigned n_side, cap_side;
    uint8_t cached[N_CACHE]; /* guest register in each cache register, or CACHE_FREE */
    bool dirty[N_CACHE];     /* newer than struct vcpu's copy */
    unsigned used[N_CACHE];  /* when each was last used: those used by the current op are pinned */
    unsigned clock, op_clock;
    unsigned cur;    /* index of the op being lowered (the instruction op of an OPK_MI pair) */
    uint16_t *kinds; /* op kind of each op of the block */
};

/* ---- bookkeeping ---- */

static void add_cold(struct lower *L, size_t patch, enum cold_kind kind, uint64_t val,
                     size_t resume)
{
    if (L->n_cold == L->cap_cold) {
        L->cap_cold = L->cap_cold ? L->cap_cold * 2 : 16;
        L->cold = xrealloc(L->cold, L->cap_cold * sizeof *L->cold);
    }
    struct cold *c = &L->cold[L->n_cold++];
    *c = (struct cold){patch, resume, kind, val, {0}};
    memcpy(c->cached, L->cached, sizeof c->cached);
}

static void add_reloc(struct lower *L, size_t at, enum reloc_kind kind, uint64_t val)
{
    if (L->n_rel == L->cap_rel) {
        L->cap_rel = L->cap_rel ? L->cap_rel * 2 : 16;
        L->rel = xrealloc(L->rel, L->cap_rel * sizeof *L->rel);
    }
    L->rel[L->n_rel++] = (struct reloc){at, kind, val};
}

static bool is_variant(unsigned kind)
{
    return kind > OPK_STEP_END && kind < OPK_MI_LB;
}

static bool is_insn_kind(unsigned kind)
{
    return kind < RV_OP_COUNT || is_variant(kind);
}

/* Copy n ops for interp_step, ended by an OPK_STEP_END op whose pc is `resume` (where the
 * block continues); returns the byte offset of the copies among the block's op copies. */
static uint64_t add_side(struct lower *L, const struct op *ops, unsigned n, gaddr_t resume)
{
    if (L->n_side + n + 1 > L->cap_side) {
        L->cap_side = (L->n_side + n + 1) * 2;
        L->side = xrealloc(L->side, L->cap_side * sizeof *L->side);
    }
    uint64_t off = (uint64_t)L->n_side * sizeof(struct op);
    for (unsigned i = 0; i < n; i++) {
        struct op o = ops[i];
        if (is_variant(jit_kind(L->jp, o.h)))
            o.h = interp_handler(o.in.op);
        L->side[L->n_side++] = o;
    }
    L->side[L->n_side++] = (struct op){.h = interp_handler(OPK_STEP_END), .pc = resume};
    return off;
}

/* ---- guest register cache ---- */

static void cache_forget(struct lower *L)
{
    memset(L->cached, CACHE_FREE, sizeof L->cached);
    memset(L->dirty, 0, sizeof L->dirty);
}

/* Store cache register i to struct vcpu if it is dirty. */
static void cache_clean(struct lower *L, int i)
{
    if (L->dirty[i]) {
        x86_store(&L->b, true, XM(L->cached[i]), cache_regs[i]);
        L->dirty[i] = false;
    }
}

/* A sync point: struct vcpu gets every dirty cache register (no host register changes). */
static void sync_x(struct lower *L)
{
    for (int i = 0; i < N_CACHE; i++)
        cache_clean(L, i);
}

/* Before a call that leaves guest registers alone: the caller-saved cache registers are written
 * back if dirty and forgotten. */
static void sync_volatile(struct lower *L)
{
    for (int i = 0; i < N_VOLATILE; i++) {
        cache_clean(L, i);
        L->cached[i] = CACHE_FREE;
    }
}

#define NO_USE UINT32_MAX

/* What lowering an op does to the cache: nothing, a call that leaves guest registers alone
 * (helpers, plugin callbacks without register access: only r9-r11 are lost), or a call that may
 * read or write them (interpreter steps, callbacks with register access: all is lost). */
enum clobber { CLOB_NONE, CLOB_VOLATILE, CLOB_ALL };

/* The clobber of plugin actions a[0..n) run by generated code. */
static enum clobber actions_clobber(const struct plg_action *a, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if ((a[i].kind == PLG_ACT_CB || a[i].kind == PLG_ACT_COND_CB ||
             a[i].kind == PLG_ACT_MEM_CB) &&
            plg_call_level(&a[i]) != 0)
            return CLOB_ALL;
    }
    return CLOB_VOLATILE;
}

/* The clobber of op j. An estimate that only steers the cache (an instruction run by the
 * interpreter for want of a host feature is missed). */
static enum clobber op_clobber(const struct lower *L, unsigned j)
{
    unsigned k = L->kinds[j];
    const struct op *op = &L->tb->ops[j];
    if (k == OPK_PLG_CB || k == OPK_PLG_COND_CB)
        return actions_clobber(op->act, 1);
    if (k >= OPK_MI_LB && k < OPK_COUNT)
        return op->arm.mem ? actions_clobber(op->arm.mem->a, op->arm.mem->n) : CLOB_VOLATILE;
    if (!is_insn_kind(k))
        return k == OPK_PLG_INLINE_ADD || k == OPK_PLG_INLINE_STORE || k == OPK_PLG_PTR_ADD ||
                       k == OPK_PLG_MEM_ARM || k == OPK_BLOCK_END
                   ? CLOB_NONE
                   : CLOB_ALL;
    unsigned o = op->in.op, fl = rv_op_flags[o];
    if ((fl & (INSN_ATOMIC | INSN_CSR | INSN_TRAP)) || o == RV_OP_FENCE_I)
        return CLOB_ALL;
    if ((fl & INSN_FP) && !(fl & (INSN_LOAD | INSN_STORE)))
        return o == RV_OP_FMV_X_D || o == RV_OP_FMV_X_W || o == RV_OP_FMV_D_X || o == RV_OP_FMV_W_X
                   ? CLOB_NONE
                   : CLOB_VOLATILE;
    switch (o) {
    case RV_OP_DIV:
    case RV_OP_DIVU:
    case RV_OP_REM:
    case RV_OP_REMU:
    case RV_OP_DIVW:
    case RV_OP_DIVUW:
    case RV_OP_REMW:
    case RV_OP_REMUW:
    case RV_OP_ORC_B: return CLOB_VOLATILE;
    default: return CLOB_NONE;
    }
}

/* Index of the next op after the current one that reads x[r] while a cached copy made now would
 * still be valid (no write of x[r] and no call that may touch guest registers before it), or
 * NO_USE; *crosses tells whether a call that loses r9-r11 comes first. */
static unsigned next_use_x(const struct lower *L, unsigned r, bool *crosses)
{
    *crosses = false;
    for (unsigned j = L->cur + 1; j < L->tb->n_ops; j++) {
        enum clobber c = op_clobber(L, j);
        if (c == CLOB_ALL)
            return NO_USE;
        *crosses |= c == CLOB_VOLATILE;
        if (!is_insn_kind(L->kinds[j]))
            continue;
        const struct insn *in = &L->tb->ops[j].in;
        if (in->rs1 == r || in->rs2 == r)
            return j;
        if ((rv_op_flags[in->op] & INSN_RD) && in->rd == r)
            return NO_USE;
    }
    return NO_USE;
}

static unsigned next_use(const struct lower *L, unsigned r)
{
    bool crosses;
    return next_use_x(L, r, &crosses);
}

/* The cache register index holding x[r] (now pinned for the current op), or -1. */
static int cache_find(struct lower *L, unsigned r)
{
    for (int i = 0; i < N_CACHE; i++) {
        if (L->cached[i] == r) {
            L->used[i] = ++L->clock;
            return i;
        }
    }
    return -1;
}

/* A cache register for x[r], next read at op nu (contents not loaded): a free one, else the one
 * whose value is read again farthest away if that is after nu; -1 when r is not worth a cache
 * register. Registers used by the current op are never taken; a value whose next read comes
 * after a call (crosses) gets a callee-saved one. */
static int cache_take(struct lower *L, unsigned r, unsigned nu, bool crosses)
{
    int best = -1;
    unsigned far = 0;
    if (nu == NO_USE)
        return -1;
    for (int i = crosses ? N_VOLATILE : 0; i < N_CACHE; i++) {
        if (L->cached[i] == CACHE_FREE) {
            best = i;
            far = NO_USE;
            break;
        }
        if (L->used[i] > L->op_clock)
            continue;
        unsigned u = next_use(L, L->cached[i]);
        if (best < 0 || u > far) {
            best = i;
            far = u;
        }
    }
    if (best < 0 || (far <= nu && L->cached[best] != CACHE_FREE))
        return -1;
    if (L->cached[best] != CACHE_FREE)
        cache_clean(L, best);
    L->cached[best] = (uint8_t)r;
    L->used[best] = ++L->clock;
    return best;
}

/* A host register holding x[r], loaded into the cache now if the block reads x[r] again; -1 when
 * x[r] is to be read from struct vcpu (XM(r)). Valid until the end of the current op or the
 * next call. */
static int xget(struct lower *L, unsigned r)
{
    int i = cache_find(L, r);
    if (i < 0 && r != 0 && r < 32) {
        bool crosses;
        unsigned nu = next_use_x(L, r, &crosses);
        i = cache_take(L, r, nu, crosses);
        if (i >= 0)
            x86_load(&L->b, true, cache_regs[i], XM(r));
    }
    return i < 0 ? -1 : cache_regs[i];
}

/* dst = x[r], all 64 bits or the low 32 zero-extended. */
static void load_x(struct lower *L, bool w, unsigned dst, unsigned r)
{
    int h = xget(L, r);
    if (h < 0)
        x86_load(&L->b, w, dst, XM(r));
    else if (w)
        x86_mov_rr(&L->b, dst, (unsigned)h);
    else
        x86_mov_rr32(&L->b, dst, (unsigned)h);
}

/* mul / imul of rax by x[r] into rdx:rax (64 bits). */
static void grp3_x(struct lower *L, unsigned n, unsigned r)
{
    int h = xget(L, r);
    if (h < 0)
        x86_grp3_m(&L->b, true, n, XM(r));
    else
        x86_grp3_r(&L->b, true, n, (unsigned)h);
}

/* d = x[r] (64 bits, or the low 32 zero-extended) from host register h, or from struct vcpu
 * when h < 0; nothing when h is d. */
static void copy_x(struct lower *L, bool w, unsigned d, int h, unsigned r)
{
    if (h == (int)d)
        return;
    if (h < 0)
        x86_load(&L->b, w, d, XM(r));
    else if (w)
        x86_mov_rr(&L->b, d, (unsigned)h);
    else
        x86_mov_rr32(&L->b, d, (unsigned)h);
}

/* d = d n x[r] with x[r] in host register h, or in struct vcpu when h < 0. */
static void alu_h(struct lower *L, bool w, enum x86_alu n, unsigned d, int h, unsigned r)
{
    if (h < 0)
        x86_alu_rm(&L->b, w, n, d, XM(r));
    else
        x86_alu_rr(&L->b, w, n, d, (unsigned)h);
}

/* dst = dst n x[r] (group-1 ALU op, 64 or 32 bits). */
static void alu_x(struct lower *L, bool w, enum x86_alu n, unsigned dst, unsigned r)
{
    int h = xget(L, r);
    if (h < 0)
        x86_alu_rm(&L->b, w, n, dst, XM(r));
    else
        x86_alu_rr(&L->b, w, n, dst, (unsigned)h);
}

/* ---- small sequences ---- */

static void emit_cpu_arg(struct lower *L)
{
    x86_lea(&L->b, X86_RDI, x86_m(X86_RBX, -JIT_CPU_BIAS));
}

/* Call fn, which may read or write guest registers (a sync point; the guest register cache is
 * forgotten, see the overview). */
static void emit_call(struct lower *L, const void *fn)
{
    sync_x(L);
    x86_movabs(&L->b, X86_RAX, (uintptr_t)fn);
    x86_call_r(&L->b, X86_RAX);
    cache_forget(L);
}

/* Call fn, which leaves guest registers alone: only the caller-saved cache registers are lost
 * (dirty callee-saved ones stay dirty). */
static void emit_call_pure(struct lower *L, const void *fn)
{
    sync_volatile(L);
    x86_movabs(&L->b, X86_RAX, (uintptr_t)fn);
    x86_call_r(&L->b, X86_RAX);
}

static void emit_jmp_abs(struct lower *L, const void *target)
{
    add_reloc(L, x86_jmp32(&L->b), REL_ABS32, (uintptr_t)target);
}

static void emit_jcc_abs(struct lower *L, enum x86_cc cc, const void *target)
{
    add_reloc(L, x86_jcc32(&L->b, cc), REL_ABS32, (uintptr_t)target);
}

/* The cache register that is to hold the new value of x[rd] (r < 32), now dirty, or -1 (the
 * value is then to be stored to struct vcpu): rd's current one while the block reads rd again
 * (else it is freed), or a newly taken one. */
static int cache_for_write(struct lower *L, unsigned rd)
{
    bool crosses;
    unsigned nu = next_use_x(L, rd, &crosses);
    int i = cache_find(L, rd);
    if (i >= 0 && nu == NO_USE) {
        L->cached[i] = CACHE_FREE;
        L->dirty[i] = false;
        return -1;
    }
    if (i < 0)
        i = cache_take(L, rd, nu, crosses);
    if (i >= 0)
        L->dirty[i] = true;
    return i;
}

/* x[rd] = host register r (a scratch register, or a cache register used by the current op):
 * into rd's cache register if the block reads it again, else stored to struct vcpu (writes to
 * x0 and to the sink x[32] are dropped). */
static void put_x(struct lower *L, unsigned rd, unsigned r)
{
    if (rd == 0 || rd >= 32)
        return;
    int i = cache_for_write(L, rd);
    if (i < 0)
        x86_store(&L->b, true, XM(rd), r);
    else if (cache_regs[i] != r)
        x86_mov_rr(&L->b, cache_regs[i], r);
}

/* x[rd] = constant v (clobbers rcx when v needs 64 bits and rd is not cached). */
static void put_x_imm(struct lower *L, unsigned rd, uint64_t v)
{
    if (rd == 0 || rd >= 32)
        return;
    int i = cache_for_write(L, rd);
    if (i >= 0) {
        x86_mov_imm(&L->b, cache_regs[i], v);
    } else if (x86_is_s32((int64_t)v)) {
        x86_store_imm(&L->b, true, XM(rd), (int32_t)v);
    } else {
        x86_mov_imm(&L->b, X86_RCX, v);
        x86_store(&L->b, true, XM(rd), X86_RCX);
    }
}

/* The host register in which to compute the new value of x[rd]: rd's cache register (now
 * dirty) when the block reads rd again, else rax (end_x then stores it). Call after the sources
 * have been fetched with xget (they are pinned, so never taken for rd). */
static unsigned begin_x(struct lower *L, unsigned rd)
{
    if (rd == 0 || rd >= 32)
        return X86_RAX;
    int i = cache_for_write(L, rd);
    return i < 0 ? X86_RAX : cache_regs[i];
}

/* Finish the write of x[rd] begun by begin_x, whose value is now in d. */
static void end_x(struct lower *L, unsigned rd, unsigned d)
{
    if (d == X86_RAX && rd != 0 && rd < 32)
        x86_store(&L->b, true, XM(rd), X86_RAX);
}

/* x[rd] = x[rs] (clobbers rax). */
static void move_x(struct lower *L, unsigned rd, unsigned rs)
{
    if (rd == rs)
        return;
    if (rs == 0) {
        put_x_imm(L, rd, 0);
        return;
    }
    int h = xget(L, rs);
    if (h < 0) {
        x86_load(&L->b, true, X86_RAX, XM(rs));
        h = X86_RAX;
    }
    put_x(L, rd, (unsigned)h);
}

/* cpu->pc = v (clobbers rax when v needs 64 bits). */
static void put_pc(struct lower *L, uint64_t v)
{
    if (x86_is_s32((int64_t)v)) {
        x86_store_imm(&L->b, true, CPUM(pc), (int32_t)v);
    } else {
        x86_mov_imm(&L->b, X86_RAX, v);
        x86_store(&L->b, true, CPUM(pc), X86_RAX);
    }
}

/* Leave generated code with exit reason r (cpu->pc already set; a sync point). */
static void emit_exit(struct lower *L, enum exit_reason r)
{
    sync_x(L);
    x86_mov_imm(&L->b, X86_RAX, r);
    emit_jmp_abs(L, L->jp->epilogue);
}

/* Run ops[0..n) through the interpreter (interp_step on copies). A block-ending op leaves
 * with whatever the interpreter returned; others continue unless it returned an exit. */
static void emit_step(struct lower *L, const struct op *ops, unsigned n, bool ends)
{
    const struct op *last = &ops[n - 1];
    uint64_t off = add_side(L, ops, n, last->pc + last->in.len);
    emit_cpu_arg(L);
    x86_movabs(&L->b, X86_RSI, 0);
    add_reloc(L, L->b.len - 8, REL_LOCAL64, off);
    x86_movabs(&L->b, X86_RDX, (uintptr_t)L->tb);
    emit_call(L, (const void *)jit_rt_step);
    if (ends) {
        emit_jmp_abs(L, L->jp->epilogue);
    } else {
        x86_alu_ri(&L->b, false, X86_ALU_CMP, X86_RAX, EXIT_STEP_DONE);
        emit_jcc_abs(L, X86_CC_NE, L->jp->epilogue);
    }
}

/* Leave through chaining slot s to target: poll attention, then enter whatever the slot holds
 * (rax = the successor, rsi = this block). */
static void emit_chain(struct lower *L, unsigned s, gaddr_t target)
{
    sync_x(L);
    x86_alu_mi(&L->b, false, X86_ALU_CMP, CPUM(attention), 0);
    add_cold(L, x86_jcc32(&L->b, X86_CC_NE), COLD_ATTN, target, 0);
    x86_movabs(&L->b, X86_RSI, (uintptr_t)L->tb);
    x86_load(&L->b, true, X86_RAX, x86_m(X86_RSI, TB_NEXT_OFF(s)));
    x86_jmp_m(&L->b, x86_m(X86_RAX, TB_CODE_OFF));
}

/* ---- integer ops ---- */

/* rax = x[rs1] op x[rs2] for the group-1 ALU ops, 64 or 32 bits (the latter sign-extended). */
static void emit_alu_rr(struct lower *L, const struct insn *in, enum x86_alu n, bool w32)
{
    /* mv (c.mv is add rd, x0, rs2) and the like: a copy */
    bool ident = n == X86_ALU_ADD || n == X86_ALU_OR || n == X86_ALU_XOR;
    if (!w32 && ((ident && in->rs1 == 0) || ((ident || n == X86_ALU_SUB) && in->rs2 == 0))) {
        move_x(L, in->rd, in->rs1 ? in->rs1 : in->rs2);
        return;
    }
    int a = xget(L, in->rs1), c = xget(L, in->rs2);
    unsigned d = begin_x(L, in->rd), t = d;
    if (c >= 0 && (int)d == c && a != c) {
        /* rd is rs2 (and not rs1): d = d n x[rs1] when n commutes, else through rax */
        if (n != X86_ALU_SUB) {
            alu_h(L, !w32, n, d, a, in->rs1);
            if (w32)
                x86_movsxd_rr(&L->b, d, d);
            return;
        }
        t = X86_RAX;
    }
    copy_x(L, !w32, t, a, in->rs1);
    alu_h(L, !w32, n, t, c, in->rs2);
    if (w32)
        x86_movsxd_rr(&L->b, d, t);
    else if (t != d)
        x86_mov_rr(&L->b, d, t);
    end_x(L, in->rd, d);
}

/* rax = x[rs1] shifted/rotated by x[rs2] (x86 masks the count like RISC-V: 63 or 31). */
static void emit_shift_rr(struct lower *L, const struct insn *in, enum x86_shift n, bool w32)
{
    load_x(L, false, X86_RCX, in->rs2);
    int a = xget(L, in->rs1);
    unsigned d = begin_x(L, in->rd);
    copy_x(L, !w32, d, a, in->rs1);
    x86_shift_rcl(&L->b, !w32, n, d);
    if (w32)
        x86_movsxd_rr(&L->b, d, d);
    end_x(L, in->rd, d);
}

/* x[rd] = x[rs1] shifted/rotated by count, 64 or 32 bits. */
static void emit_shift_ri(struct lower *L, const struct insn *in, enum x86_shift n, bool w32,
                          unsigned count)
{
    int a = xget(L, in->rs1);
    unsigned d = begin_x(L, in->rd);
    copy_x(L, !w32, d, a, in->rs1);
    if (count)
        x86_shift_ri(&L->b, !w32, n, d, count);
    if (w32)
        x86_movsxd_rr(&L->b, d, d);
    end_x(L, in->rd, d);
}

/* x[rd] = (x[rs1] cc x[rs2] or imm) ? 1 : 0. */
static void emit_set(struct lower *L, const struct insn *in, enum x86_cc cc, bool imm)
{
    load_x(L, true, X86_RAX, in->rs1);
    x86_mov_imm(&L->b, X86_RCX, 0);
    if (imm)
        x86_alu_ri(&L->b, true, X86_ALU_CMP, X86_RAX, in->imm);
    else
        alu_x(L, true, X86_ALU_CMP, X86_RAX, in->rs2);
    x86_setcc(&L->b, cc, X86_RCX);
    put_x(L, in->rd, X86_RCX);
}

/* x[rd] = cc ? x[rs2] : x[rs1] after cmp x[rs1], x[rs2] (min/max). */
static void emit_minmax(struct lower *L, const struct insn *in, enum x86_cc cc)
{
    load_x(L, true, X86_RAX, in->rs1);
    load_x(L, true, X86_RCX, in->rs2);
    x86_alu_rr(&L->b, true, X86_ALU_CMP, X86_RAX, X86_RCX);
    x86_cmov_rr(&L->b, true, cc, X86_RAX, X86_RCX);
    put_x(L, in->rd, X86_RAX);
}

/* x[rd] = fn(x[rs1], x[rs2]) through a pure helper. */
static void emit_pure(struct lower *L, const struct insn *in, const void *fn)
{
    load_x(L, true, X86_RDI, in->rs1);
    load_x(L, true, X86_RSI, in->rs2);
    emit_call_pure(L, fn);
    put_x(L, in->rd, X86_RAX);
}

/* x[rd] = (x[rs1] << sh) + x[rs2], rs1 zero-extended from 32 bits for the .uw forms. */
static void emit_shadd(struct lower *L, const struct insn *in, unsigned sh, bool uw)
{
    load_x(L, !uw, X86_RAX, in->rs1);
    load_x(L, true, X86_RCX, in->rs2);
    x86_lea(&L->b, X86_RAX, x86_mi(X86_RCX, X86_RAX, sh, 0));
    put_x(L, in->rd, X86_RAX);
}

/* Single-bit ops with the bit number in x[rs2]: rdx = 1 << (x[rs2] & 63), then n on rax. */
static void emit_bit_rr(struct lower *L, const struct insn *in, enum x86_alu n, bool invert)
{
    load_x(L, false, X86_RCX, in->rs2);
    load_x(L, true, X86_RAX, in->rs1);
    x86_mov_imm(&L->b, X86_RDX, 1);
    x86_shift_rcl(&L->b, true, X86_SHL, X86_RDX);
    if (invert)
        x86_grp3_r(&L->b, true, X86_G3_NOT, X86_RDX);
    x86_alu_rr(&L->b, true, n, X86_RAX, X86_RDX);
    put_x(L, in->rd, X86_RAX);
}

/* x[rd] = popcnt / lzcnt / tzcnt of x[rs1] (64 bits) or of its low word. */
static void emit_bitcnt(struct lower *L, const struct insn *in, uint32_t opc, bool w32)
{
    int h = xget(L, in->rs1);
    if (h < 0)
        x86_bitcnt_rm(&L->b, opc, !w32, X86_RAX, XM(in->rs1));
    else
        x86_bitcnt_rr(&L->b, opc, !w32, X86_RAX, (unsigned)h);
    put_x(L, in->rd, X86_RAX);
}

/* ---- guest memory ---- */

/* rax = x[rs1] + imm, range-checked (the jcc to the slow path is returned for add_cold), and
 * cpu->cur_op = op. */
static size_t emit_ea(struct lower *L, const struct op *op)
{
    sync_x(L);
    load_x(L, true, X86_RAX, op->in.rs1);
    if (op->in.imm)
        x86_lea(&L->b, X86_RAX, x86_m(X86_RAX, op->in.imm));
    x86_alu_rr(&L->b, true, X86_ALU_CMP, X86_RAX, X86_R13);
    size_t slow = x86_jcc32(&L->b, X86_CC_A);
    x86_movabs(&L->b, X86_RCX, (uintptr_t)op);
    x86_store(&L->b, true, CPUM(cur_op), X86_RCX);
    return slow;
}

static struct x86_mem guest_mem(void)
{
    return x86_mi(X86_R12, X86_RAX, 0, 0);
}

/* d = the value at guest rax: zero-extended (raw) or as the load row extends it. */
static void emit_load_value(struct lower *L, unsigned d, unsigned log2, bool sign)
{
    struct x86_mem m = guest_mem();
    switch (log2) {
    case 0: x86_loadx(&L->b, sign ? X86_MOVSX8 : X86_MOVZX8, sign, d, m); break;
    case 1: x86_loadx(&L->b, sign ? X86_MOVSX16 : X86_MOVZX16, sign, d, m); break;
    case 2:
        if (sign)
            x86_movsxd_rm(&L->b, d, m);
        else
            x86_load(&L->b, false, d, m);
        break;
    default: x86_load(&L->b, true, d, m); break;
    }
}

/* Store the low 1 << log2 bytes of host register r at guest rax. */
static void emit_store_value(struct lower *L, unsigned r, unsigned log2)
{
    struct x86_mem m = guest_mem();
    switch (log2) {
    case 0: x86_store8(&L->b, m, r); break;
    case 1: x86_store16(&L->b, m, r); break;
    default: x86_store(&L->b, log2 == 3, m, r); break;
    }
}

/* Co-simulation: record the old bytes before a store to guest rax (rax survives on the stack,
 * pushed twice to keep the alignment). */
static void emit_cosim_log(struct lower *L, unsigned log2)
{
    if (!L->jp->cosim)
        return;
    x86_push(&L->b, X86_RAX);
    x86_push(&L->b, X86_RAX);
    emit_cpu_arg(L);
    x86_mov_rr(&L->b, X86_RSI, X86_RAX);
    x86_mov_imm(&L->b, X86_RDX, 1u << log2);
    emit_call_pure(L, (const void *)jit_rt_cosim_log);
    x86_pop(&L->b, X86_RAX);
    x86_pop(&L->b, X86_RAX);
}

/* A plain integer load or store (op is its instruction op). */
static void emit_access(struct lower *L, const struct op *op)
{
    unsigned o = op->in.op, fl = rv_op_flags[o], log2 = rv_op_mem_log2[o];
    size_t slow = emit_ea(L, op);
    if (fl & INSN_LOAD) {
        unsigned d = begin_x(L, op->in.rd);
        if (d == X86_RAX)
            d = X86_RCX; /* rax holds the address */
        emit_load_value(L, d, log2, (fl & INSN_SIGNED) != 0);
        if (d == X86_RCX && op->in.rd != 0 && op->in.rd < 32)
            x86_store(&L->b, true, XM(op->in.rd), X86_RCX);
    } else {
        emit_cosim_log(L, log2);
        int h = xget(L, op->in.rs2);
        if (h < 0) {
            x86_load(&L->b, true, X86_RCX, XM(op->in.rs2));
            h = X86_RCX;
        }
        emit_store_value(L, (unsigned)h, log2);
    }
    add_cold(L, slow, COLD_SLOW, add_side(L, op, 1, op->pc + op->in.len), L->b.len);
}

/* ---- F/D ---- */

/* Call shapes of the fpu_* functions (riscv/fpu.h): sources, rounding mode, flags, result. */
enum fp_shape {
    FP_NONE,
    FP_RR_RM,    /* f = fn(f1, f2, rm, &fflags) */
    FP_RRR_RM,   /* f = fn(f1, f2, f3, rm, &fflags) */
    FP_R_RM,     /* f = fn(f1, rm, &fflags) */
    FP_RR,       /* f = fn(f1, f2) */
    FP_RR_FL,    /* f = fn(f1, f2, &fflags) */
    FP_CMP,      /* x = fn(f1, f2, &fflags) */
    FP_TOX_RM,   /* x = fn(f1, rm, &fflags) */
    FP_CLASS,    /* x = fn(f1) */
    FP_FROMX_RM, /* f = fn(x1, rm, &fflags) */
};

struct fp_row {
    const void *fn;
    enum fp_shape shape;
};

#define FPR(name, fn, shape) [RV_OP_##name] = {(const void *)(fn), shape}
static const struct fp_row fp_rows[RV_OP_COUNT] = {
    FPR(FADD_S, fpu_add_s, FP_RR_RM),
    FPR(FSUB_S, fpu_sub_s, FP_RR_RM),
    FPR(FMUL_S, fpu_mul_s, FP_RR_RM),
    FPR(FDIV_S, fpu_div_s, FP_RR_RM),
    FPR(FADD_D, fpu_add_d, FP_RR_RM),
    FPR(FSUB_D, fpu_sub_d, FP_RR_RM),
    FPR(FMUL_D, fpu_mul_d, FP_RR_RM),
    FPR(FDIV_D, fpu_div_d, FP_RR_RM),
    FPR(FMADD_S, fpu_madd_s, FP_RRR_RM),
    FPR(FMSUB_S, fpu_msub_s, FP_RRR_RM),
    FPR(FNMSUB_S, fpu_nmsub_s, FP_RRR_RM),
    FPR(FNMADD_S, fpu_nmadd_s, FP_RRR_RM),
    FPR(FMADD_D, fpu_madd_d, FP_RRR_RM),
    FPR(FMSUB_D, fpu_msub_d, FP_RRR_RM),
    FPR(FNMSUB_D, fpu_nmsub_d, FP_RRR_RM),
    FPR(FNMADD_D, fpu_nmadd_d, FP_RRR_RM),
    FPR(FSQRT_S, fpu_sqrt_s, FP_R_RM),
    FPR(FSQRT_D, fpu_sqrt_d, FP_R_RM),
    FPR(FCVT_S_D, fpu_cvt_s_d, FP_R_RM),
    FPR(FCVT_D_S, fpu_cvt_d_s, FP_R_RM),
    FPR(FSGNJ_S, fpu_sgnj_s, FP_RR),
    FPR(FSGNJN_S, fpu_sgnjn_s, FP_RR),
    FPR(FSGNJX_S, fpu_sgnjx_s, FP_RR),
    FPR(FSGNJ_D, fpu_sgnj_d, FP_RR),
    FPR(FSGNJN_D, fpu_sgnjn_d, FP_RR),
    FPR(FSGNJX_D, fpu_sgnjx_d, FP_RR),
    FPR(FMIN_S, fpu_min_s, FP_RR_FL),
    FPR(FMAX_S, fpu_max_s, FP_RR_FL),
    FPR(FMIN_D, fpu_min_d, FP_RR_FL),
    FPR(FMAX_D, fpu_max_d, FP_RR_FL),
    FPR(FEQ_S, fpu_eq_s, FP_CMP),
    FPR(FLT_S, fpu_lt_s, FP_CMP),
    FPR(FLE_S, fpu_le_s, FP_CMP),
    FPR(FEQ_D, fpu_eq_d, FP_CMP),
    FPR(FLT_D, fpu_lt_d, FP_CMP),
    FPR(FLE_D, fpu_le_d, FP_CMP),
    FPR(FCVT_W_S, fpu_cvt_w_s, FP_TOX_RM),
    FPR(FCVT_WU_S, fpu_cvt_wu_s, FP_TOX_RM),
    FPR(FCVT_L_S, fpu_cvt_l_s, FP_TOX_RM),
    FPR(FCVT_LU_S, fpu_cvt_lu_s, FP_TOX_RM),
    FPR(FCVT_W_D, fpu_cvt_w_d, FP_TOX_RM),
    FPR(FCVT_WU_D, fpu_cvt_wu_d, FP_TOX_RM),
    FPR(FCVT_L_D, fpu_cvt_l_d, FP_TOX_RM),
    FPR(FCVT_LU_D, fpu_cvt_lu_d, FP_TOX_RM),
    FPR(FCLASS_S, fpu_class_s, FP_CLASS),
    FPR(FCLASS_D, fpu_class_d, FP_CLASS),
    FPR(FCVT_S_W, fpu_cvt_s_w, FP_FROMX_RM),
    FPR(FCVT_S_WU, fpu_cvt_s_wu, FP_FROMX_RM),
    FPR(FCVT_S_L, fpu_cvt_s_l, FP_FROMX_RM),
    FPR(FCVT_S_LU, fpu_cvt_s_lu, FP_FROMX_RM),
    FPR(FCVT_D_W, fpu_cvt_d_w, FP_FROMX_RM),
    FPR(FCVT_D_WU, fpu_cvt_d_wu, FP_FROMX_RM),
    FPR(FCVT_D_L, fpu_cvt_d_l, FP_FROMX_RM),
    FPR(FCVT_D_LU, fpu_cvt_d_lu, FP_FROMX_RM),
};
#undef FPR

/* Load the resolved rounding mode into r: the static one, or frm when dynamic (frm values 5..7
 * are illegal: the slow path runs the op in the interpreter, which raises SIGILL). Returns the
 * jcc to patch into a COLD_SLOW record, or 0 when there is none. False through *ok for a static
 * invalid mode (the whole op then falls back). */
static size_t emit_rm(struct lower *L, const struct insn *in, unsigned r, bool *ok)
{
    *ok = true;
    if (in->rm == FPU_DYN) {
        x86_load(&L->b, false, r, CPUM(frm));
        x86_alu_ri(&L->b, false, X86_ALU_CMP, r, FPU_RMM);
        return x86_jcc32(&L->b, X86_CC_A);
    }
    if (in->rm > FPU_RMM) {
        *ok = false;
        return 0;
    }
    x86_mov_imm(&L->b, r, in->rm);
    return 0;
}

/* An F/D computation through its fpu_* function; false if it is not one (or has an invalid
 * static rounding mode). */
static bool emit_fp_call(struct lower *L, const struct op *op)
{
    const struct insn *in = &op->in;
    const struct fp_row *row = &fp_rows[in->op];
    struct x86_buf *b = &L->b;
    struct x86_mem ff = CPUM(fflags);
    size_t slow = 0;
    bool ok = true, to_x = false;

    if (row->shape == FP_NONE)
        return false;
    sync_x(L); /* the slow path of a dynamic rounding mode leaves from here */
    switch (row->shape) {
    case FP_NONE: return false;
    case FP_RR_RM:
        slow = emit_rm(L, in, X86_RDX, &ok);
        x86_lea(b, X86_RCX, ff);
        break;
    case FP_RRR_RM:
        slow = emit_rm(L, in, X86_RCX, &ok);
        x86_load(b, true, X86_RDX, FM(in->rs3));
        x86_lea(b, X86_R8, ff);
        break;
    case FP_R_RM:
    case FP_TOX_RM:
    case FP_FROMX_RM:
        slow = emit_rm(L, in, X86_RSI, &ok);
        x86_lea(b, X86_RDX, ff);
        to_x = row->shape == FP_TOX_RM;
        break;
    case FP_RR: break;
    case FP_RR_FL:
    case FP_CMP:
        x86_lea(b, X86_RDX, ff);
        to_x = row->shape == FP_CMP;
        break;
    case FP_CLASS: to_x = true; break;
    }
    if (!ok)
        return false;
    if (row->shape == FP_FROMX_RM)
        load_x(L, true, X86_RDI, in->rs1);
    else
        x86_load(b, true, X86_RDI, FM(in->rs1));
    if (row->shape == FP_RR_RM || row->shape == FP_RRR_RM || row->shape == FP_RR ||
        row->shape == FP_RR_FL || row->shape == FP_CMP)
        x86_load(b, true, X86_RSI, FM(in->rs2));
    emit_call_pure(L, row->fn);
    if (to_x)
        put_x(L, in->rd, X86_RAX);
    else
        x86_store(b, true, FM(in->rd), X86_RAX);
    if (slow)
        add_cold(L, slow, COLD_SLOW, add_side(L, op, 1, op->pc + in->len), b->len);
    return true;
}

static void emit_mem_actions(struct lower *L, const struct plg_action_list *l, uint32_t info,
                             unsigned dir, gaddr_t resume);

/* flw / fld / fsw / fsd: raw bits, singles NaN-boxed. With the armed memory actions l of an
 * instrumented one (op is then its OPK_MEM_INSTR op), the access is reported as the
 * interpreter reports it (raw value, zero-extended). */
static void emit_fp_access(struct lower *L, const struct op *op, const struct plg_action_list *l)
{
    unsigned o = op->in.op, log2 = rv_op_mem_log2[o];
    bool store = (rv_op_flags[o] & INSN_STORE) != 0;
    size_t slow = emit_ea(L, op);
    if (!store) {
        x86_load(&L->b, log2 == 3, X86_RCX, guest_mem());
        if (log2 == 2) {
            x86_mov_imm(&L->b, X86_RDX, FPU_BOX_S);
            x86_alu_rr(&L->b, true, X86_ALU_OR, X86_RDX, X86_RCX);
            x86_store(&L->b, true, FM(op->in.rd), X86_RDX);
        } else {
            x86_store(&L->b, true, FM(op->in.rd), X86_RCX);
        }
    } else {
        emit_cosim_log(L, log2);
        x86_load(&L->b, log2 == 3, X86_RCX, FM(op->in.rs2));
        x86_store(&L->b, log2 == 3, guest_mem(), X86_RCX);
    }
    if (l)
        emit_mem_actions(L, l, plg_meminfo(log2, false, store), store ? 2 : 1, op->pc + op->in.len);
    add_cold(L, slow, COLD_SLOW, add_side(L, op, 1, op->pc + op->in.len), L->b.len);
}

/* ---- control transfers ---- */

static void emit_branch(struct lower *L, const struct op *op, enum x86_cc cc)
{
    sync_x(L); /* once for both paths */
    int a = xget(L, op->in.rs1);
    if (a < 0) {
        load_x(L, true, X86_RAX, op->in.rs1);
        a = X86_RAX;
    }
    /* test a, a sets the flags of cmp a, 0 (CF = OF = 0) */
    if (op->in.rs2 == 0)
        x86_test_rr(&L->b, true, (unsigned)a, (unsigned)a);
    else
        alu_x(L, true, X86_ALU_CMP, (unsigned)a, op->in.rs2);
    size_t taken = x86_jcc32(&L->b, cc);
    emit_chain(L, TB_NEXT_FALL, tb_chain_target(op, TB_NEXT_FALL));
    x86_patch_rel32(&L->b, taken, L->b.len);
    emit_chain(L, TB_NEXT_TAKEN, tb_chain_target(op, TB_NEXT_TAKEN));
}

/* jalr: target cache in the taken slot (a hit enters it directly), else jit_rt_jalr_miss. */
static void emit_jalr(struct lower *L, const struct op *op)
{
    struct x86_buf *b = &L->b;
    load_x(L, true, X86_RAX, op->in.rs1);
    if (op->in.imm)
        x86_lea(b, X86_RAX, x86_m(X86_RAX, op->in.imm));
    x86_alu_ri(b, true, X86_ALU_AND, X86_RAX, -2);
    put_x_imm(L, op->in.rd, op->pc + op->in.len);
    sync_x(L); /* for every way out below */
    x86_alu_mi(b, false, X86_ALU_CMP, CPUM(attention), 0);
    add_cold(L, x86_jcc32(b, X86_CC_NE), COLD_ATTN_RAX, 0, 0);
    x86_movabs(b, X86_RSI, (uintptr_t)L->tb);
    x86_load(b, true, X86_RCX, x86_m(X86_RSI, TB_NEXT_OFF(TB_NEXT_TAKEN)));
    x86_alu_rm(b, true, X86_ALU_CMP, X86_RAX, x86_m(X86_RCX, (int32_t)offsetof(struct tb, pc)));
    size_t miss = x86_jcc32(b, X86_CC_NE);
    x86_mov_rr(b, X86_RAX, X86_RCX);
    x86_jmp_m(b, x86_m(X86_RAX, TB_CODE_OFF));
    x86_patch_rel32(b, miss, b->len);
    emit_cpu_arg(L);
    x86_mov_rr(b, X86_RDX, X86_RAX);
    x86_movabs(b, X86_RSI, (uintptr_t)L->tb);
    emit_call(L, (const void *)jit_rt_jalr_miss);
    x86_test_rr(b, true, X86_RAX, X86_RAX);
    emit_jcc_abs(L, X86_CC_E, L->jp->exit_fault);
    x86_movabs(b, X86_RSI, (uintptr_t)L->tb);
    x86_jmp_m(b, x86_m(X86_RAX, TB_CODE_OFF));
}

/* ---- guest instructions ---- */

/* Lower one guest instruction op (plain or forwarding variant: the same semantics). */
static void lower_insn(struct lower *L, const struct op *op)
{
    struct x86_buf *b = &L->b;
    const struct insn *in = &op->in;
    const struct jit_proc *jp = L->jp;
    int32_t imm = in->imm;

    switch (in->op) {
    case RV_OP_LUI: put_x_imm(L, in->rd, (uint64_t)(int64_t)imm); break;
    case RV_OP_AUIPC: put_x_imm(L, in->rd, op->pc + (uint64_t)(int64_t)imm); break;
    case RV_OP_JAL:
        put_x_imm(L, in->rd, op->pc + in->len);
        emit_chain(L, TB_NEXT_TAKEN, tb_chain_target(op, TB_NEXT_TAKEN));
        break;
    case RV_OP_JALR: emit_jalr(L, op); break;
    case RV_OP_BEQ: emit_branch(L, op, X86_CC_E); break;
    case RV_OP_BNE: emit_branch(L, op, X86_CC_NE); break;
    case RV_OP_BLT: emit_branch(L, op, X86_CC_L); break;
    case RV_OP_BGE: emit_branch(L, op, X86_CC_GE); break;
    case RV_OP_BLTU: emit_branch(L, op, X86_CC_B); break;
    case RV_OP_BGEU: emit_branch(L, op, X86_CC_AE); break;
    case RV_OP_LB:
    case RV_OP_LH:
    case RV_OP_LW:
    case RV_OP_LD:
    case RV_OP_LBU:
    case RV_OP_LHU:
    case RV_OP_LWU:
    case RV_OP_SB:
    case RV_OP_SH:
    case RV_OP_SW:
    case RV_OP_SD: emit_access(L, op); break;
    case RV_OP_ADDI:
        if (in->rs1 == 0) {
            put_x_imm(L, in->rd, (uint64_t)(int64_t)imm);
        } else if (in->rd != in->rs1 || imm) {
            int h = xget(L, in->rs1);
            unsigned d = begin_x(L, in->rd);
            if (h == (int)d) {
                x86_alu_ri(b, true, X86_ALU_ADD, d, imm);
            } else if (h >= 0) {
                x86_lea(b, d, x86_m((unsigned)h, imm));
            } else {
                x86_load(b, true, d, XM(in->rs1));
                if (imm)
                    x86_alu_ri(b, true, X86_ALU_ADD, d, imm);
            }
            end_x(L, in->rd, d);
        }
        break;
    case RV_OP_SLTI: emit_set(L, in, X86_CC_L, true); break;
    case RV_OP_SLTIU: emit_set(L, in, X86_CC_B, true); break;
    case RV_OP_XORI:
    case RV_OP_ORI:
    case RV_OP_ANDI: {
        enum x86_alu n = in->op == RV_OP_XORI  ? X86_ALU_XOR
                         : in->op == RV_OP_ORI ? X86_ALU_OR
                                               : X86_ALU_AND;
        int h = xget(L, in->rs1);
        unsigned d = begin_x(L, in->rd);
        copy_x(L, true, d, h, in->rs1);
        x86_alu_ri(b, true, n, d, imm);
        end_x(L, in->rd, d);
        break;
    }
    case RV_OP_SLLI: emit_shift_ri(L, in, X86_SHL, false, imm & 63); break;
    case RV_OP_SRLI: emit_shift_ri(L, in, X86_SHR, false, imm & 63); break;
    case RV_OP_SRAI: emit_shift_ri(L, in, X86_SAR, false, imm & 63); break;
    case RV_OP_RORI: emit_shift_ri(L, in, X86_ROR, false, imm & 63); break;
    case RV_OP_SLLIW: emit_shift_ri(L, in, X86_SHL, true, imm & 31); break;
    case RV_OP_SRLIW: emit_shift_ri(L, in, X86_SHR, true, imm & 31); break;
    case RV_OP_SRAIW: emit_shift_ri(L, in, X86_SAR, true, imm & 31); break;
    case RV_OP_RORIW: emit_shift_ri(L, in, X86_ROR, true, imm & 31); break;
    case RV_OP_ADDIW: {
        int h = xget(L, in->rs1);
        unsigned d = begin_x(L, in->rd);
        if (imm == 0 && h < 0) {
            x86_movsxd_rm(b, d, XM(in->rs1));
        } else if (imm == 0) {
            x86_movsxd_rr(b, d, (unsigned)h);
        } else {
            copy_x(L, false, d, h, in->rs1);
            x86_alu_ri(b, false, X86_ALU_ADD, d, imm);
            x86_movsxd_rr(b, d, d);
        }
        end_x(L, in->rd, d);
        break;
    }
    case RV_OP_SLLI_UW:
        load_x(L, false, X86_RAX, in->rs1);
        if (imm & 63)
            x86_shift_ri(b, true, X86_SHL, X86_RAX, imm & 63);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_ADD: emit_alu_rr(L, in, X86_ALU_ADD, false); break;
    case RV_OP_SUB: emit_alu_rr(L, in, X86_ALU_SUB, false); break;
    case RV_OP_XOR: emit_alu_rr(L, in, X86_ALU_XOR, false); break;
    case RV_OP_OR: emit_alu_rr(L, in, X86_ALU_OR, false); break;
    case RV_OP_AND: emit_alu_rr(L, in, X86_ALU_AND, false); break;
    case RV_OP_ADDW: emit_alu_rr(L, in, X86_ALU_ADD, true); break;
    case RV_OP_SUBW: emit_alu_rr(L, in, X86_ALU_SUB, true); break;
    case RV_OP_SLL: emit_shift_rr(L, in, X86_SHL, false); break;
    case RV_OP_SRL: emit_shift_rr(L, in, X86_SHR, false); break;
    case RV_OP_SRA: emit_shift_rr(L, in, X86_SAR, false); break;
    case RV_OP_ROL: emit_shift_rr(L, in, X86_ROL, false); break;
    case RV_OP_ROR: emit_shift_rr(L, in, X86_ROR, false); break;
    case RV_OP_SLLW: emit_shift_rr(L, in, X86_SHL, true); break;
    case RV_OP_SRLW: emit_shift_rr(L, in, X86_SHR, true); break;
    case RV_OP_SRAW: emit_shift_rr(L, in, X86_SAR, true); break;
    case RV_OP_ROLW: emit_shift_rr(L, in, X86_ROL, true); break;
    case RV_OP_RORW: emit_shift_rr(L, in, X86_ROR, true); break;
    case RV_OP_SLT: emit_set(L, in, X86_CC_L, false); break;
    case RV_OP_SLTU: emit_set(L, in, X86_CC_B, false); break;
    case RV_OP_MUL:
    case RV_OP_MULW: {
        bool w = in->op == RV_OP_MUL;
        int a = xget(L, in->rs1), c = xget(L, in->rs2);
        unsigned d = begin_x(L, in->rd), src = in->rs2;
        if (c >= 0 && (int)d == c && a != c) {
            /* rd is rs2 (and not rs1): d = d * x[rs1] */
            c = a;
            src = in->rs1;
        } else {
            copy_x(L, w, d, a, in->rs1);
        }
        if (c < 0)
            x86_imul_rm(b, w, d, XM(src));
        else
            x86_imul_rr(b, w, d, (unsigned)c);
        if (!w)
            x86_movsxd_rr(b, d, d);
        end_x(L, in->rd, d);
        break;
    }
    case RV_OP_MULH:
    case RV_OP_MULHU:
        load_x(L, true, X86_RAX, in->rs1);
        grp3_x(L, in->op == RV_OP_MULH ? X86_G3_IMUL : X86_G3_MUL, in->rs2);
        put_x(L, in->rd, X86_RDX);
        break;
    case RV_OP_MULHSU:
        /* high(signed a * unsigned b) = high(unsigned a * b) - (a < 0 ? b : 0) */
        load_x(L, true, X86_RAX, in->rs1);
        x86_mov_rr(b, X86_RCX, X86_RAX);
        x86_shift_ri(b, true, X86_SAR, X86_RCX, 63);
        alu_x(L, true, X86_ALU_AND, X86_RCX, in->rs2);
        grp3_x(L, X86_G3_MUL, in->rs2);
        x86_alu_rr(b, true, X86_ALU_SUB, X86_RDX, X86_RCX);
        put_x(L, in->rd, X86_RDX);
        break;
    case RV_OP_DIV: emit_pure(L, in, (const void *)jit_rt_div); break;
    case RV_OP_DIVU: emit_pure(L, in, (const void *)jit_rt_divu); break;
    case RV_OP_REM: emit_pure(L, in, (const void *)jit_rt_rem); break;
    case RV_OP_REMU: emit_pure(L, in, (const void *)jit_rt_remu); break;
    case RV_OP_DIVW: emit_pure(L, in, (const void *)jit_rt_divw); break;
    case RV_OP_DIVUW: emit_pure(L, in, (const void *)jit_rt_divuw); break;
    case RV_OP_REMW: emit_pure(L, in, (const void *)jit_rt_remw); break;
    case RV_OP_REMUW: emit_pure(L, in, (const void *)jit_rt_remuw); break;
    case RV_OP_SH1ADD: emit_shadd(L, in, 1, false); break;
    case RV_OP_SH2ADD: emit_shadd(L, in, 2, false); break;
    case RV_OP_SH3ADD: emit_shadd(L, in, 3, false); break;
    case RV_OP_ADD_UW: emit_shadd(L, in, 0, true); break;
    case RV_OP_SH1ADD_UW: emit_shadd(L, in, 1, true); break;
    case RV_OP_SH2ADD_UW: emit_shadd(L, in, 2, true); break;
    case RV_OP_SH3ADD_UW: emit_shadd(L, in, 3, true); break;
    case RV_OP_ANDN:
    case RV_OP_ORN:
        load_x(L, true, X86_RAX, in->rs2);
        x86_grp3_r(b, true, X86_G3_NOT, X86_RAX);
        alu_x(L, true, in->op == RV_OP_ANDN ? X86_ALU_AND : X86_ALU_OR, X86_RAX, in->rs1);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_XNOR:
        load_x(L, true, X86_RAX, in->rs1);
        alu_x(L, true, X86_ALU_XOR, X86_RAX, in->rs2);
        x86_grp3_r(b, true, X86_G3_NOT, X86_RAX);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_MIN: emit_minmax(L, in, X86_CC_G); break;
    case RV_OP_MAX: emit_minmax(L, in, X86_CC_L); break;
    case RV_OP_MINU: emit_minmax(L, in, X86_CC_A); break;
    case RV_OP_MAXU: emit_minmax(L, in, X86_CC_B); break;
    case RV_OP_SEXT_B:
    case RV_OP_SEXT_H:
    case RV_OP_ZEXT_H: {
        uint32_t opc = in->op == RV_OP_SEXT_B   ? X86_MOVSX8
                       : in->op == RV_OP_SEXT_H ? X86_MOVSX16
                                                : X86_MOVZX16;
        int h = xget(L, in->rs1);
        if (h < 0)
            x86_loadx(b, opc, in->op != RV_OP_ZEXT_H, X86_RAX, XM(in->rs1));
        else
            x86_extx_rr(b, opc, in->op != RV_OP_ZEXT_H, X86_RAX, (unsigned)h);
        put_x(L, in->rd, X86_RAX);
        break;
    }
    case RV_OP_REV8:
        load_x(L, true, X86_RAX, in->rs1);
        x86_bswap(b, X86_RAX);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_ORC_B:
        load_x(L, true, X86_RDI, in->rs1);
        emit_call_pure(L, (const void *)jit_rt_orc_b);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_CPOP:
    case RV_OP_CPOPW:
        if (!jp->has_popcnt)
            goto fallback;
        emit_bitcnt(L, in, X86_POPCNT, in->op == RV_OP_CPOPW);
        break;
    case RV_OP_CLZ:
    case RV_OP_CLZW:
        if (!jp->has_lzcnt)
            goto fallback;
        emit_bitcnt(L, in, X86_LZCNT, in->op == RV_OP_CLZW);
        break;
    case RV_OP_CTZ:
    case RV_OP_CTZW:
        if (!jp->has_tzcnt)
            goto fallback;
        emit_bitcnt(L, in, X86_TZCNT, in->op == RV_OP_CTZW);
        break;
    case RV_OP_BEXTI:
        load_x(L, true, X86_RAX, in->rs1);
        if (imm & 63)
            x86_shift_ri(b, true, X86_SHR, X86_RAX, imm & 63);
        x86_alu_ri(b, false, X86_ALU_AND, X86_RAX, 1);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_BSETI:
    case RV_OP_BCLRI:
    case RV_OP_BINVI: {
        unsigned n = in->op == RV_OP_BSETI   ? X86_BT_BTS
                     : in->op == RV_OP_BCLRI ? X86_BT_BTR
                                             : X86_BT_BTC;
        load_x(L, true, X86_RAX, in->rs1);
        x86_bt_ri(b, true, n, X86_RAX, imm & 63);
        put_x(L, in->rd, X86_RAX);
        break;
    }
    case RV_OP_BSET: emit_bit_rr(L, in, X86_ALU_OR, false); break;
    case RV_OP_BCLR: emit_bit_rr(L, in, X86_ALU_AND, true); break;
    case RV_OP_BINV: emit_bit_rr(L, in, X86_ALU_XOR, false); break;
    case RV_OP_BEXT:
        load_x(L, false, X86_RCX, in->rs2);
        load_x(L, true, X86_RAX, in->rs1);
        x86_shift_rcl(b, true, X86_SHR, X86_RAX);
        x86_alu_ri(b, false, X86_ALU_AND, X86_RAX, 1);
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_FENCE:
        /* x86 only reorders a later load before an earlier store: fence w,r needs mfence. */
        if ((in->rm & 0x10) && (in->rm & 0x02))
            x86_mfence(b);
        break;
    case RV_OP_FLW:
    case RV_OP_FLD:
    case RV_OP_FSW:
    case RV_OP_FSD: emit_fp_access(L, op, NULL); break;
    case RV_OP_FMV_X_D:
        x86_load(b, true, X86_RAX, FM(in->rs1));
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_FMV_X_W:
        x86_movsxd_rm(b, X86_RAX, FM(in->rs1));
        put_x(L, in->rd, X86_RAX);
        break;
    case RV_OP_FMV_D_X:
        load_x(L, true, X86_RAX, in->rs1);
        x86_store(b, true, FM(in->rd), X86_RAX);
        break;
    case RV_OP_FMV_W_X:
        load_x(L, false, X86_RAX, in->rs1);
        x86_mov_imm(b, X86_RDX, FPU_BOX_S);
        x86_alu_rr(b, true, X86_ALU_OR, X86_RAX, X86_RDX);
        x86_store(b, true, FM(in->rd), X86_RAX);
        break;
    case RV_OP_ECALL:
        put_pc(L, op->pc);
        emit_exit(L, EXIT_ECALL);
        break;
    default:
        if (emit_fp_call(L, op))
            break;
    fallback:
        emit_step(L, op, 1, (rv_op_flags[in->op] & INSN_END) != 0);
        break;
    }
}

/* ---- plugin ops ---- */

/* rcx + rax = the calling vCPU's element of a scoreboard entry (base + index * stride). */
static void emit_slot(struct lower *L, const uint8_t *base, size_t stride)
{
    x86_load(&L->b, false, X86_RAX, CPUM(index));
    x86_imul_rri(&L->b, true, X86_RAX, X86_RAX, (int32_t)stride);
    x86_movabs(&L->b, X86_RCX, (uintptr_t)base);
}

/* The calling vCPU's element of a scoreboard entry += imm (add) or = imm (clobbers rax, rcx,
 * rdx). */
static void emit_slot_op(struct lower *L, const uint8_t *base, size_t stride, uint64_t imm,
                         bool add)
{
    struct x86_mem m = x86_mi(X86_RCX, X86_RAX, 0, 0);
    emit_slot(L, base, stride);
    if (x86_is_s32((int64_t)imm)) {
        if (add)
            x86_alu_mi(&L->b, true, X86_ALU_ADD, m, (int32_t)imm);
        else
            x86_store_imm(&L->b, true, m, (int32_t)imm);
    } else {
        x86_mov_imm(&L->b, X86_RDX, imm);
        if (add)
            x86_add_mr(&L->b, true, m, X86_RDX);
        else
            x86_store(&L->b, true, m, X86_RDX);
    }
}

/* Before plugin actions a[0..n) run: a sync point; the cache registers the plugin code may
 * clobber (r9-r11) or, with register access, change through the API (all) are forgotten. */
static void plugin_sync(struct lower *L, const struct plg_action *a, unsigned n)
{
    sync_x(L);
    if (actions_clobber(a, n) == CLOB_ALL)
        cache_forget(L);
    else
        sync_volatile(L);
}

/* Call plugin function fn of action a directly: the call state plg_call would set
 * (plugin/hooks.h) around the call, the arguments after the first (vCPU index, in edi) already
 * in rsi, rdx and rcx. The flush count from before the call, kept on the stack, is compared
 * after it: a callback that flushed the cache leaves the block (COLD_FLUSHED, resuming at
 * resume) as soon as it returns, and jit.c keeps the code it returns into until the next
 * flush. After plugin_sync (r10 and r11 are free). */
static void emit_plugin_call(struct lower *L, const struct plg_action *a, const void *fn,
                             gaddr_t resume)
{
    struct x86_buf *b = &L->b;
    const uint64_t *flushes = tb_flush_counter(L->jp->proc);
    int32_t level_off = (int32_t)L->jp->plg_level_off, owner_off = (int32_t)L->jp->plg_owner_off;
    x86_load(b, true, X86_RAX, CPUM(plg));
    x86_mov_imm(b, X86_R10, plg_call_level(a));
    x86_store8(b, x86_m(X86_RAX, level_off), X86_R10);
    x86_movabs(b, X86_R10, (uintptr_t)a->owner);
    x86_store(b, true, x86_m(X86_RAX, owner_off), X86_R10);
    x86_movabs(b, X86_R10, (uintptr_t)flushes);
    x86_load(b, true, X86_R10, x86_m(X86_R10, 0));
    x86_push(b, X86_R10); /* twice: rsp stays 16-byte aligned */
    x86_push(b, X86_R10);
    x86_load(b, false, X86_RDI, CPUM(index));
    x86_movabs(b, X86_RAX, (uintptr_t)fn);
    x86_call_r(b, X86_RAX);
    x86_load(b, true, X86_RAX, CPUM(plg));
    x86_mov_imm(b, X86_RCX, 0);
    x86_store8(b, x86_m(X86_RAX, level_off), X86_RCX);
    x86_store(b, true, x86_m(X86_RAX, owner_off), X86_RCX);
    x86_pop(b, X86_RCX);
    x86_pop(b, X86_RCX);
    x86_movabs(b, X86_RAX, (uintptr_t)flushes);
    x86_alu_rm(b, true, X86_ALU_CMP, X86_RCX, x86_m(X86_RAX, 0));
    add_cold(L, x86_jcc32(b, X86_CC_NE), COLD_FLUSHED, resume, 0);
}

static void emit_inline(struct lower *L, const struct op *op, bool add)
{
    emit_slot_op(L, op->slot.base, op->slot.stride, op->slot.imm, add);
}

/* *ptr += imm (API v1 inline op; clobbers rcx, rdx). */
static void emit_ptr_add(struct lower *L, uint64_t *ptr, uint64_t imm)
{
    x86_movabs(&L->b, X86_RCX, (uintptr_t)ptr);
    if (x86_is_s32((int64_t)imm)) {
        x86_alu_mi(&L->b, true, X86_ALU_ADD, x86_m(X86_RCX, 0), (int32_t)imm);
    } else {
        x86_mov_imm(&L->b, X86_RDX, imm);
        x86_add_mr(&L->b, true, x86_m(X86_RCX, 0), X86_RDX);
    }
}

/* A dynamic callback: pc (which only a callback with register access can observe; the flush
 * exit sets it itself), then the call. */
static void emit_cb(struct lower *L, const struct op *op)
{
    const struct plg_action *a = op->act;
    plugin_sync(L, a, 1);
    if (plg_call_level(a) != 0)
        put_pc(L, op->pc);
    x86_movabs(&L->b, X86_RSI, (uintptr_t)a->udata);
    emit_plugin_call(L, a, (const void *)a->cb, op->pc);
}

/* After the access of an instrumented instruction (address in rax, value zero-extended in
 * rcx): what plg_mem_hook does with the armed action list l and meminfo word info, inline (a
 * sync point). The access is recorded for the API and the actions that match direction dir
 * (1 read, 2 write: QEMU_PLUGIN_MEM_R/W) run in order, memory callbacks called directly; a
 * flush by one of them resumes at resume, after the instruction. */
static void emit_mem_actions(struct lower *L, const struct plg_action_list *l, uint32_t info,
                             unsigned dir, gaddr_t resume)
{
    struct x86_buf *b = &L->b;
    if (l)
        plugin_sync(L, l->a, l->n);
    x86_movabs(b, X86_RDX, (uintptr_t)l);
    x86_store(b, true, CPUM(plg_mem), X86_RDX);
    x86_store_imm(b, false, CPUM(mem_info), (int32_t)info);
    x86_store(b, true, CPUM(mem_vaddr), X86_RAX);
    x86_store(b, true, CPUM(mem_val_lo), X86_RCX);
    x86_store_imm(b, true, CPUM(mem_val_hi), 0);
    for (unsigned i = 0; l && i < l->n; i++) {
        const struct plg_action *a = &l->a[i];
        if (!(a->rw & dir))
            continue;
        switch (a->kind) {
        case PLG_ACT_MEM_CB:
            x86_mov_imm(b, X86_RSI, info);
            x86_load(b, true, X86_RDX, CPUM(mem_vaddr));
            x86_movabs(b, X86_RCX, (uintptr_t)a->udata);
            emit_plugin_call(L, a, (const void *)a->mem_cb, resume);
            break;
        case PLG_ACT_INLINE_ADD:
        case PLG_ACT_INLINE_STORE:
            emit_slot_op(L, a->score->data + a->offset, a->score->stride, a->imm,
                         a->kind == PLG_ACT_INLINE_ADD);
            break;
        case PLG_ACT_PTR_ADD: emit_ptr_add(L, a->ptr, a->imm); break;
        default: break;
        }
    }
    x86_store_imm(b, true, CPUM(plg_mem), 0);
}

/* An instrumented integer load or store: arm is the OPK_MI_* op, the instruction op follows.
 * The access, then the armed memory actions (emit_mem_actions). */
static void emit_mi_access(struct lower *L, const struct op *arm)
{
    const struct op *op = arm + 1;
    unsigned o = op->in.op, fl = rv_op_flags[o], log2 = rv_op_mem_log2[o];
    size_t slow = emit_ea(L, op);
    if (fl & INSN_LOAD) {
        emit_load_value(L, X86_RCX, log2, false);
        if (fl & INSN_SIGNED) {
            static const uint32_t sx[3] = {X86_MOVSX8, X86_MOVSX16, X86_MOVSXD};
            if (log2 < 2)
                x86_extx_rr(&L->b, sx[log2], true, X86_RDX, X86_RCX);
            else
                x86_movsxd_rr(&L->b, X86_RDX, X86_RCX);
            put_x(L, op->in.rd, X86_RDX);
        } else {
            put_x(L, op->in.rd, X86_RCX);
        }
    } else {
        emit_cosim_log(L, log2);
        load_x(L, true, X86_RCX, op->in.rs2);
        emit_store_value(L, X86_RCX, log2);
        if (log2 == 0)
            x86_extx_rr(&L->b, X86_MOVZX8, false, X86_RCX, X86_RCX);
        else if (log2 == 1)
            x86_extx_rr(&L->b, X86_MOVZX16, false, X86_RCX, X86_RCX);
        else if (log2 == 2)
            x86_mov_rr32(&L->b, X86_RCX, X86_RCX);
    }
    emit_mem_actions(L, arm->arm.mem, arm->arm.info, (fl & INSN_STORE) ? 2 : 1,
                     op->pc + op->in.len);
    add_cold(L, slow, COLD_SLOW, add_side(L, arm, 2, op->pc + op->in.len), L->b.len);
}

/* Conditional callback: the unsigned condition on the vCPU's slot (enum qemu_plugin_cond
 * values: 1 always, 2 eq, 3 ne, 4 lt, 5 le, 6 gt, 7 ge, else never). */
static void emit_cond_cb(struct lower *L, const struct op *op)
{
    static const enum x86_cc skip_cc[8] = {0,         0,        X86_CC_NE, X86_CC_E,
                                           X86_CC_AE, X86_CC_A, X86_CC_BE, X86_CC_B};
    const struct plg_action *a = op->act;
    if (a->cond == 1) {
        emit_cb(L, op);
        return;
    }
    if (a->cond < 2 || a->cond > 7)
        return;
    sync_x(L); /* the paths with and without the call join with one state */
    emit_slot(L, a->score->data + a->offset, a->score->stride);
    x86_load(&L->b, true, X86_RAX, x86_mi(X86_RCX, X86_RAX, 0, 0));
    x86_mov_imm(&L->b, X86_RDX, a->imm);
    x86_alu_rr(&L->b, true, X86_ALU_CMP, X86_RAX, X86_RDX);
    size_t skip = x86_jcc32(&L->b, skip_cc[a->cond]);
    emit_cb(L, op);
    x86_patch_rel32(&L->b, skip, L->b.len);
}

/* Lower the op at ops[i]; returns how many ops it consumed, 0 if the block cannot be compiled
 * (it then runs in the interpreter). */
static unsigned lower_op(struct lower *L, const struct op *ops, unsigned i)
{
    const struct op *op = &ops[i];
    unsigned kind = jit_kind(L->jp, op->h);
    if (is_insn_kind(kind)) {
        lower_insn(L, op);
        return 1;
    }
    if (kind >= OPK_MI_LB && kind < OPK_COUNT) {
        emit_mi_access(L, op);
        return 2;
    }
    switch (kind) {
    case OPK_MEM_INSTR:
        /* FP loads and stores natively (atomics keep the interpreter's handler); the actions
         * were armed by the OPK_PLG_MEM_ARM op before */
        if (i > 0 && L->kinds[i - 1] == OPK_PLG_MEM_ARM &&
            (op->in.op == RV_OP_FLW || op->in.op == RV_OP_FLD || op->in.op == RV_OP_FSW ||
             op->in.op == RV_OP_FSD))
            emit_fp_access(L, op, ops[i - 1].arm.mem);
        else
            emit_step(L, op, 1, false);
        return 1;
    case OPK_PLG_CB: emit_cb(L, op); return 1;
    case OPK_PLG_COND_CB: emit_cond_cb(L, op); return 1;
    case OPK_PLG_INLINE_ADD: emit_inline(L, op, true); return 1;
    case OPK_PLG_INLINE_STORE: emit_inline(L, op, false); return 1;
    case OPK_PLG_PTR_ADD: emit_ptr_add(L, op->ptr_add.ptr, op->ptr_add.imm); return 1;
    case OPK_PLG_MEM_ARM:
        x86_movabs(&L->b, X86_RAX, (uintptr_t)op->arm.mem);
        x86_store(&L->b, true, CPUM(plg_mem), X86_RAX);
        return 1;
    case OPK_BLOCK_END: emit_chain(L, TB_NEXT_FALL, tb_chain_target(op, TB_NEXT_FALL)); return 1;
    default: return 0; /* OPK_LOG (-d exec/cpu): such blocks stay interpreted */
    }
}

/* Emit the cold paths after the hot code. */
static void emit_cold(struct lower *L)
{
    struct x86_buf *b = &L->b;
    cache_forget(L); /* every cold path starts from a sync point */
    for (unsigned i = 0; i < L->n_cold; i++) {
        const struct cold *c = &L->cold[i];
        x86_patch_rel32(b, c->patch, b->len);
        switch (c->kind) {
        case COLD_ATTN:
            put_pc(L, c->val);
            emit_exit(L, EXIT_ATTENTION);
            break;
        case COLD_FLUSHED:
            put_pc(L, c->val);
            emit_cpu_arg(L);
            emit_call(L, (const void *)jit_rt_cb_flushed);
            break;
        case COLD_ATTN_RAX:
            x86_store(b, true, CPUM(pc), X86_RAX);
            emit_exit(L, EXIT_ATTENTION);
            break;
        case COLD_SLOW:
            emit_cpu_arg(L);
            x86_movabs(b, X86_RSI, 0);
            add_reloc(L, b->len - 8, REL_LOCAL64, c->val);
            x86_movabs(b, X86_RDX, (uintptr_t)L->tb);
            emit_call(L, (const void *)jit_rt_step);
            x86_alu_ri(b, false, X86_ALU_CMP, X86_RAX, EXIT_STEP_DONE);
            emit_jcc_abs(L, X86_CC_NE, L->jp->epilogue);
            for (unsigned k = 0; k < N_CACHE; k++) {
                if (c->cached[k] != CACHE_FREE)
                    x86_load(b, true, cache_regs[k], XM(c->cached[k]));
            }
            x86_patch_rel32(b, x86_jmp32(b), c->resume);
            break;
        }
    }
}

/* Copy the assembled block into code memory and apply its relocations; NULL if none is left. */
static const uint8_t *install(struct lower *L, struct vcpu *cpu, size_t *bytes)
{
    size_t code = L->b.len, side = (code + 31) & ~(size_t)31;
    size_t total = side + (size_t)L->n_side * sizeof(struct op);
    *bytes = total;
    uint8_t *rw, *rx = jit_code_alloc(L->jp, cpu, total, &rw);
    if (!rx)
        return NULL;
    memcpy(rw, L->b.p, code);
    memset(rw + code, 0xcc, side - code); /* int3 padding */
    if (L->n_side)
        memcpy(rw + side, L->side, (size_t)L->n_side * sizeof(struct op));
    for (unsigned i = 0; i < L->n_rel; i++) {
        const struct reloc *r = &L->rel[i];
        if (r->kind == REL_ABS32) {
            int32_t rel = (int32_t)((intptr_t)r->val - (intptr_t)(rx + r->at + 4));
            memcpy(rw + r->at, &rel, 4);
        } else {
            uint64_t a = (uintptr_t)(rx + side) + r->val;
            memcpy(rw + r->at, &a, 8);
        }
    }
    jit_code_written(L->jp, rw, total);
    jit_perfmap_add(L->jp, rx, code, L->tb->pc);
    return rx;
}

const void *jit_lower(struct jit_proc *jp, struct vcpu *cpu, struct tb *tb, size_t *bytes)
{
    struct lower L = {.jp = jp, .tb = tb};
    cache_forget(&L);
    L.kinds = xmalloc((tb->n_ops + 1) * sizeof *L.kinds);
    for (unsigned i = 0; i < tb->n_ops; i++)
        L.kinds[i] = (uint16_t)jit_kind(jp, tb->ops[i].h);
    bool ok = true;
    for (unsigned i = 0; i < tb->n_ops && ok;) {
        unsigned k = L.kinds[i];
        L.cur = k >= OPK_MI_LB && k < OPK_COUNT ? i + 1 : i;
        L.op_clock = ++L.clock;
        unsigned n = lower_op(&L, tb->ops, i);
        ok = n != 0;
        i += n;
    }
    const uint8_t *code = NULL;
    if (ok) {
        emit_cold(&L);
        code = install(&L, cpu, bytes);
    }
    free(L.b.p);
    free(L.cold);
    free(L.rel);
    free(L.side);
    free(L.kinds);
    return code ? code : jp->interp;
}

void jit_compile(void *opaque, struct vcpu *cpu, struct tb *tb)
{
    size_t bytes = 0;
    const void *code = jit_lower(opaque, cpu, tb, &bytes);
    tb->bytes += bytes;
    __atomic_store_n(&tb->jit_code, code, __ATOMIC_RELEASE);
}
