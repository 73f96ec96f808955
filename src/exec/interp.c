/*
 * interp.c — the threaded interpreter: one dispatch function whose labels are the op handlers.
 *
 * Dispatch: every op holds the address of its handler label (op.h); a handler does its work,
 * advances op by one and jumps to the next op's handler (`goto *op->h`), so dispatching one
 * guest instruction costs one load and one indirect jump, with `cpu` and `op` kept in host
 * registers. Guest registers are read and written through cpu->x[] with the indices from the
 * op; writes to x0 were redirected to the sink x[32] at translation.
 * Register forwarding (tb.h OPK_ACC_*): the ops of those lists also leave the value they wrote in
 * `acc`, a local that lives in a host register across dispatches, and translation gives an op
 * that reads the register its predecessor just wrote the variant (L_A1_* / L_A2_*) that takes
 * the operand from acc: a dependent pair costs no store-to-load forwarding through x[].
 *
 * Block transitions: a block ends with its control-transfer instruction (branch, jal, jalr,
 * fence.i) or an OPK_BLOCK_END op. Direct transfers follow the block's chaining slots (taken /
 * fallthrough) with no further check: a slot not chained yet points to a sentinel block whose only
 * op (L_UNCHAINED_*) looks the successor up and chains it, and invalidating a block replaces the
 * handler of its first op by L_STALE, which looks the pc up again and repairs the slot of the block
 * it was entered from (prev). A jalr first tries its block's taken slot as a one-entry target cache
 * (returns and most indirect calls have one target per site), then, like other indirect transfers
 * (plugin pc changes, fence.i), the per-vCPU jump cache, checking TB_INVALID; misses go to
 * tb_find(). The attention word is polled at every block boundary (one load), so a vCPU in a tight
 * loop still leaves promptly.
 *
 * Exits: EXIT_ATTENTION (cpu->pc = next block), EXIT_ECALL (cpu->pc = the ecall), EXIT_FAULT
 * (cpu->fault filled, cpu->pc = the faulting instruction). Host faults on guest accesses do not
 * return here: they siglongjmp to the cpu loop (see cpu_loop.c).
 *
 * Step mode (interp_step): the JIT's fallback runs copies of single ops, ended by OPK_STEP_END,
 * through the same handlers; such ops never chain (the JIT lowers control transfers itself),
 * though one that jumps (fence.i) continues with whole blocks as interp_run would.
 *
 * The handler table is a constant array local to interp_dispatch(); tb.c obtains handler
 * addresses through interp_handler(), which calls interp_dispatch() in table-query mode.
 *
 * Threading: owning vCPU only; no state outside the vCPU and the blocks.
 */
#include "semantics.h"

#include "../mem/mem.h"
#include "internal.h"

#define XR(r) cpu->x[r]
#define FR(r) cpu->f[r]
#define IN (op->in)
#define IMM ((uint64_t)(int64_t)op->in.imm)
#define NEXT()                                                                                     \
    do {                                                                                           \
        op++;                                                                                      \
        goto *op->h;                                                                               \
    } while (0)

/* Resolved rounding mode of an F/D op (static rm or frm); an invalid one is SIGILL. */
#define FP_RM()                                                                                    \
    ({                                                                                             \
        unsigned rm_ = IN.rm == FPU_DYN ? cpu->frm : IN.rm;                                        \
        if (unlikely(rm_ > FPU_RMM))                                                               \
            goto illegal;                                                                          \
        rm_;                                                                                       \
    })

/*
 * Leave the block through its chaining slot s (the current op is the block's last): poll the
 * attention word, then enter whatever the slot points to, all inline so that every block end
 * has its own indirect jump. A slot not chained yet points to its sentinel block, whose handler
 * (L_UNCHAINED_*) finds the successor and chains it, so the fast path has no NULL check.
 */
#define CHAIN(s)                                                                                   \
    do {                                                                                           \
        if (unlikely(interp_attention(cpu))) {                                                     \
            slot = (s);                                                                            \
            goto chain_attention;                                                                  \
        }                                                                                          \
        prev = tb;                                                                                 \
        tb = __atomic_load_n(&prev->next[s], __ATOMIC_ACQUIRE);                                    \
        op = tb->ops;                                                                              \
        goto *op->h;                                                                               \
    } while (0)

/* A conditional branch: chain to the taken or the fallthrough successor. */
#define BRANCH(cond)                                                                               \
    do {                                                                                           \
        if (cond)                                                                                  \
            CHAIN(TB_NEXT_TAKEN);                                                                  \
        CHAIN(TB_NEXT_FALL);                                                                       \
    } while (0)

/* clang-format off */
/* Write v to rd and keep it in acc for a forwarding successor (tb.h OPK_ACC_*). */
#define SET(v)                                                                                     \
    do {                                                                                           \
        acc = (v);                                                                                 \
        XR(IN.rd) = acc;                                                                           \
    } while (0)

/* Handlers of the ops with forwarding variants: the plain one, then the ones taking an operand
 * from acc. a and b are the rs1 and rs2 values. */
#define RR(name, expr)                                                                             \
    L_##name : {                                                                                   \
        uint64_t a = XR(IN.rs1), b = XR(IN.rs2);                                                   \
        SET(expr);                                                                                 \
        NEXT();                                                                                    \
    }                                                                                              \
    L_A1_##name : {                                                                                \
        uint64_t a = acc, b = XR(IN.rs2);                                                          \
        SET(expr);                                                                                 \
        NEXT();                                                                                    \
    }                                                                                              \
    L_A2_##name : {                                                                                \
        uint64_t a = XR(IN.rs1), b = acc;                                                          \
        SET(expr);                                                                                 \
        NEXT();                                                                                    \
    }
#define RI(name, expr)                                                                             \
    L_##name : {                                                                                   \
        uint64_t a = XR(IN.rs1);                                                                   \
        SET(expr);                                                                                 \
        NEXT();                                                                                    \
    }                                                                                              \
    L_A1_##name : {                                                                                \
        uint64_t a = acc;                                                                          \
        SET(expr);                                                                                 \
        NEXT();                                                                                    \
    }
#define BR(name, cond)                                                                             \
    L_##name : {                                                                                   \
        uint64_t a = XR(IN.rs1), b = XR(IN.rs2);                                                   \
        BRANCH(cond);                                                                              \
    }                                                                                              \
    L_A1_##name : {                                                                                \
        uint64_t a = acc, b = XR(IN.rs2);                                                          \
        BRANCH(cond);                                                                              \
    }                                                                                              \
    L_A2_##name : {                                                                                \
        uint64_t a = XR(IN.rs1), b = acc;                                                          \
        BRANCH(cond);                                                                              \
    }

/* Loads and stores with forwarding variants: base is the rs1 value, v the value to store. The
 * access goes straight to guest memory (misaligned ones too); sem_ea_base checks the range and
 * records the op for host faults. */
#define LOAD_BODY(log2, sign)                                                                      \
    do {                                                                                           \
        gaddr_t a_;                                                                                \
        if (unlikely(!sem_ea_base(cpu, op, base, log2, &a_)))                                      \
            goto fault;                                                                            \
        uint64_t v_ = sem_read(mem + a_, log2);                                                    \
        SET(sign ? sem_sext(v_, log2) : v_);                                                       \
        NEXT();                                                                                    \
    } while (0)
#define LD(name, log2, sign)                                                                       \
    L_##name : {                                                                                   \
        uint64_t base = XR(IN.rs1);                                                                \
        LOAD_BODY(log2, sign);                                                                     \
    }                                                                                              \
    L_A1_##name : {                                                                                \
        uint64_t base = acc;                                                                       \
        LOAD_BODY(log2, sign);                                                                     \
    }
#define STORE_BODY(log2)                                                                           \
    do {                                                                                           \
        gaddr_t a_;                                                                                \
        if (unlikely(!sem_ea_base(cpu, op, base, log2, &a_)))                                      \
            goto fault;                                                                            \
        sem_write(mem + a_, log2, v);                                                              \
        NEXT();                                                                                    \
    } while (0)
#define ST(name, log2)                                                                             \
    L_##name : {                                                                                   \
        uint64_t base = XR(IN.rs1), v = XR(IN.rs2);                                                \
        STORE_BODY(log2);                                                                          \
    }                                                                                              \
    L_A1_##name : {                                                                                \
        uint64_t base = acc, v = XR(IN.rs2);                                                       \
        STORE_BODY(log2);                                                                          \
    }                                                                                              \
    L_A2_##name : {                                                                                \
        uint64_t base = XR(IN.rs1), v = acc;                                                       \
        STORE_BODY(log2);                                                                          \
    }

/* The count of completed cache flushes (a change while running a block means it is gone). */
#define FLUSHES() __atomic_load_n(cpu->ex->flush_count, __ATOMIC_ACQUIRE)

/* Instrumented integer loads and stores (OPK_MI_*): op is the arming op, the instruction op
 * follows it. The access, then the report to the armed memory actions with the meminfo word
 * computed at translation; the block is left if a callback flushed the cache (one that moves the
 * pc unwinds to the cpu loop). */
#define MI_REPORT(arm, a, v)                                                                       \
    do {                                                                                           \
        uint64_t f_ = FLUSHES();                                                                   \
        cpu->plg_mem = (arm)->arm.mem;                                                             \
        plg_mem_hook(cpu, (arm)->arm.info, a, v, 0);                                               \
        cpu->plg_mem = NULL;                                                                       \
        if (unlikely(FLUSHES() != f_)) {                                                           \
            npc = op->pc + IN.len;                                                                 \
            goto attention;                                                                        \
        }                                                                                          \
        NEXT();                                                                                    \
    } while (0)
#define MI_LD(name, log2, sign)                                                                    \
    L_MI_##name : {                                                                                \
        const struct op *arm = op++;                                                               \
        gaddr_t a_;                                                                                \
        if (unlikely(!sem_ea(cpu, op, log2, &a_)))                                                 \
            goto fault;                                                                            \
        uint64_t v_ = sem_read(mem + a_, log2);                                                    \
        XR(IN.rd) = sign ? sem_sext(v_, log2) : v_;                                                \
        MI_REPORT(arm, a_, v_);                                                                    \
    }
#define MI_ST(name, log2)                                                                          \
    L_MI_##name : {                                                                                \
        const struct op *arm = op++;                                                               \
        gaddr_t a_;                                                                                \
        if (unlikely(!sem_ea(cpu, op, log2, &a_)))                                                 \
            goto fault;                                                                            \
        uint64_t v_ = XR(IN.rs2) & (UINT64_MAX >> (64 - (8u << log2)));                            \
        sem_write(mem + a_, log2, v_);                                                             \
        MI_REPORT(arm, a_, v_);                                                                    \
    }

/* clang-format on */

/* A plain memory instruction (its helper returns SEM_OK or SEM_FAULT). */
#define MEM(call)                                                                                  \
    do {                                                                                           \
        if (unlikely((call) != SEM_OK))                                                            \
            goto fault;                                                                            \
        NEXT();                                                                                    \
    } while (0)

/* Unsigned condition of a COND_CB action (values of enum qemu_plugin_cond). */
static inline bool interp_cond(unsigned cond, uint64_t v, uint64_t imm)
{
    switch (cond) {
    case 1: return true;     /* ALWAYS */
    case 2: return v == imm; /* EQ */
    case 3: return v != imm; /* NE */
    case 4: return v < imm;  /* LT */
    case 5: return v <= imm; /* LE */
    case 6: return v > imm;  /* GT */
    case 7: return v >= imm; /* GE */
    default: return false;   /* NEVER */
    }
}

/* The instrumented variant of a memory instruction: same semantics, plus a plugin report after
 * each completed access. The armed list (vcpu.plg_mem) is cleared afterwards. Returns an enum
 * sem_status. */
static int interp_mem_instr(struct vcpu *cpu, const struct op *op)
{
    unsigned o = op->in.op, fl = rv_op_flags[o], lg = rv_op_mem_log2[o];
    int ok;
    if (fl & INSN_ATOMIC)
        ok = sem_atomic(cpu, op, o, true);
    else if ((fl & INSN_FP) && (fl & INSN_LOAD))
        ok = sem_fload(cpu, op, lg, true);
    else if (fl & INSN_FP)
        ok = sem_fstore(cpu, op, lg, true);
    else if (fl & INSN_LOAD)
        ok = sem_load(cpu, op, lg, (fl & INSN_SIGNED) != 0, true);
    else
        ok = sem_store(cpu, op, lg, true);
    cpu->plg_mem = NULL;
    return ok;
}

/* The attention word, polled at block boundaries (a plain load on x86). */
static inline uint32_t interp_attention(const struct vcpu *cpu)
{
    return __atomic_load_n(&cpu->attention, __ATOMIC_RELAXED);
}

/* The block to enter at pc through the jump cache, or tb_find() on a miss. */
static inline struct tb *interp_lookup(struct vcpu *cpu, gaddr_t pc)
{
    struct tb *t = cpu->jmp_cache[tb_jmp_hash(pc)];
    if (likely(t != NULL) && likely(t->pc == pc) && likely(!(t->flags & TB_INVALID)))
        return t;
    return tb_find(cpu, pc);
}

/* Handlers start on 32-byte boundaries: measured, it makes the speed of the threaded dispatch
 * far less dependent on where the compiler happens to place each handler. */
__attribute__((noinline, optimize("align-labels=32"))) static enum exit_reason
interp_dispatch(struct vcpu *cpu, const void *const **table_out, const struct op *step)
{
    static const void *const table[OPK_COUNT] = {
#define X(name, mnem, flags, mem) [RV_OP_##name] = &&L_##name,
#include "../riscv/insn.def"
#undef X
        [OPK_MEM_INSTR] = &&L_MEM_INSTR,
        [OPK_PLG_CB] = &&L_PLG_CB,
        [OPK_PLG_COND_CB] = &&L_PLG_COND_CB,
        [OPK_PLG_INLINE_ADD] = &&L_PLG_INLINE_ADD,
        [OPK_PLG_INLINE_STORE] = &&L_PLG_INLINE_STORE,
        [OPK_PLG_PTR_ADD] = &&L_PLG_PTR_ADD,
        [OPK_PLG_MEM_ARM] = &&L_PLG_MEM_ARM,
        [OPK_BLOCK_END] = &&L_BLOCK_END,
        [OPK_LOG] = &&L_LOG,
        [OPK_STALE] = &&L_STALE,
        [OPK_UNCHAINED_TAKEN] = &&L_UNCHAINED_TAKEN,
        [OPK_UNCHAINED_FALL] = &&L_UNCHAINED_FALL,
        [OPK_STEP_END] = &&L_STEP_END,
    /* clang-format off */
#define X(name) [OPK_A1_##name] = &&L_A1_##name, [OPK_A2_##name] = &&L_A2_##name,
        OPK_ACC_RR(X) OPK_ACC_BR(X) OPK_ACC_ST(X)
#undef X
#define X(name) [OPK_A1_##name] = &&L_A1_##name,
        OPK_ACC_RI(X) OPK_ACC_LD(X)
#undef X
#define X(name) [OPK_MI_##name] = &&L_MI_##name,
        OPK_ACC_LD(X) OPK_ACC_ST(X)
#undef X
    /* clang-format on */
    };
    if (table_out) {
        *table_out = table;
        return EXIT_ATTENTION;
    }

    struct tb *tb, *prev = NULL; /* prev: the block the current one was chained from, or NULL */
    const struct op *op;
    uint64_t acc = 0;                   /* rd value of the last forwarding op (tb.h OPK_ACC_*) */
    uint8_t *const mem = cpu->mem_base; /* guest address 0 */
    gaddr_t npc = cpu->pc;
    unsigned slot;

    if (step) {
        /* interp_step: no current block; the ops never chain (the JIT lowers transfers). */
        tb = NULL;
        op = step;
        goto *op->h;
    }
    tb = interp_lookup(cpu, npc);
    if (unlikely(!tb))
        goto fetch_fault;
enter:
    op = tb->ops;
    goto *op->h;

    /* ---- block transitions (slow paths) ---- */
chain_attention:
    npc = tb_chain_target(op, slot);
    goto attention;
L_UNCHAINED_TAKEN:
    slot = TB_NEXT_TAKEN;
    goto unchained;
L_UNCHAINED_FALL:
    slot = TB_NEXT_FALL;
unchained: {
    /* prev's slot is not chained yet: its last op is the block-ending one. */
    struct tb *nt;
    npc = tb_chain_target(&prev->ops[prev->n_ops - 1], slot);
    nt = tb_find(cpu, npc);
    if (unlikely(!nt))
        goto fetch_fault;
    if (!(prev->flags & TB_INVALID) && !(nt->flags & TB_INVALID))
        __atomic_store_n(&prev->next[slot], nt, __ATOMIC_RELEASE);
    tb = nt;
    goto enter;
}
jump:
    prev = NULL;
    if (unlikely(interp_attention(cpu)))
        goto attention;
    tb = interp_lookup(cpu, npc);
    if (unlikely(!tb))
        goto fetch_fault;
    goto enter;
L_STALE: {
    /* Entered an invalidated block through a chain (or a stale jump): find its replacement
     * and repair the chaining slot of prev that led here. */
    struct tb *nt = interp_lookup(cpu, tb->pc);
    if (unlikely(!nt)) {
        npc = tb->pc;
        goto fetch_fault;
    }
    if (prev && !(nt->flags & TB_INVALID)) {
        for (unsigned s = 0; s < 2; s++) {
            struct tb *old = tb;
            __atomic_compare_exchange_n(&prev->next[s], &old, nt, false, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED);
        }
    }
    prev = NULL;
    tb = nt;
    goto enter;
}
attention:
    cpu->pc = npc;
    return EXIT_ATTENTION;
fetch_fault:
    cpu->pc = npc;
    return EXIT_FAULT;
illegal:
    sem_fault(cpu, SIGILL, ILL_ILLOPC, op->pc);
fault:
    cpu->pc = op->pc;
    cpu->plg_mem = NULL;
    return EXIT_FAULT;

    /* ---- RV64I ---- */
L_ILLEGAL:
L_SRET:
L_MRET:
L_WFI:
L_SFENCE_VMA:
    goto illegal;
L_LUI:
    XR(IN.rd) = IMM;
    NEXT();
L_AUIPC:
    XR(IN.rd) = op->pc + IMM;
    NEXT();
L_JAL:
    XR(IN.rd) = op->pc + IN.len;
    CHAIN(TB_NEXT_TAKEN);
L_JALR: {
    /* The taken slot caches the last target: returns and indirect calls through one site
     * usually go to the same block (an invalidated one lands on L_STALE; the unchained
     * sentinel's pc matches no target). */
    npc = (XR(IN.rs1) + IMM) & ~(uint64_t)1;
    XR(IN.rd) = op->pc + IN.len;
    if (unlikely(interp_attention(cpu)))
        goto attention;
    struct tb *nt = __atomic_load_n(&tb->next[TB_NEXT_TAKEN], __ATOMIC_ACQUIRE);
    prev = tb;
    if (likely(nt->pc == npc)) {
        tb = nt;
        op = nt->ops;
        goto *op->h;
    }
    nt = interp_lookup(cpu, npc);
    if (unlikely(!nt))
        goto fetch_fault;
    if (!(tb->flags & TB_INVALID) && !(nt->flags & TB_INVALID))
        __atomic_store_n(&tb->next[TB_NEXT_TAKEN], nt, __ATOMIC_RELEASE);
    tb = nt;
    goto enter;
}
    /* clang-format off */
    LD(LB, 0, true)
    LD(LH, 1, true)
    LD(LW, 2, true)
    LD(LD, 3, false)
    LD(LBU, 0, false)
    LD(LHU, 1, false)
    LD(LWU, 2, false)
    ST(SB, 0)
    ST(SH, 1)
    ST(SW, 2)
    ST(SD, 3)
    /* clang-format on */
    /* ---- integer ops with register-forwarding variants (tb.h OPK_ACC_*) ---- */
    /* clang-format off */
    RR(ADD, a + b)
    RR(SUB, a - b)
    RR(SLL, a << (b & 63))
    RR(SLT, (int64_t)a < (int64_t)b)
    RR(SLTU, a < b)
    RR(XOR, a ^ b)
    RR(SRL, a >> (b & 63))
    RR(SRA, (uint64_t)((int64_t)a >> (b & 63)))
    RR(OR, a | b)
    RR(AND, a & b)
    RR(ADDW, sem_sext32(a + b))
    RR(SUBW, sem_sext32(a - b))
    RR(SLLW, sem_sext32((uint32_t)a << (b & 31)))
    RR(SRLW, sem_sext32((uint32_t)a >> (b & 31)))
    RR(SRAW, (uint64_t)(int64_t)((int32_t)a >> (b & 31)))
    RR(MUL, a * b)
    RR(MULW, sem_sext32(a * b))
    RR(SH1ADD, (a << 1) + b)
    RR(SH2ADD, (a << 2) + b)
    RR(SH3ADD, (a << 3) + b)
    RR(ADD_UW, (uint64_t)(uint32_t)a + b)
    RR(ANDN, a & ~b)
    RR(ORN, a | ~b)
    RR(XNOR, ~(a ^ b))
    RR(MIN, (int64_t)a < (int64_t)b ? a : b)
    RR(MAX, (int64_t)a > (int64_t)b ? a : b)
    RR(MINU, a < b ? a : b)
    RR(MAXU, a > b ? a : b)
    RR(ROL, sem_rol(a, (unsigned)b))
    RR(ROR, sem_ror(a, (unsigned)b))
    RR(ROLW, sem_rolw(a, (unsigned)b))
    RR(RORW, sem_rorw(a, (unsigned)b))
    RI(ADDI, a + IMM)
    RI(SLTI, (int64_t)a < (int64_t)IMM)
    RI(SLTIU, a < IMM)
    RI(XORI, a ^ IMM)
    RI(ORI, a | IMM)
    RI(ANDI, a & IMM)
    RI(SLLI, a << (IN.imm & 63))
    RI(SRLI, a >> (IN.imm & 63))
    RI(SRAI, (uint64_t)((int64_t)a >> (IN.imm & 63)))
    RI(ADDIW, sem_sext32(a + IMM))
    RI(SLLIW, sem_sext32((uint32_t)a << (IN.imm & 31)))
    RI(SRLIW, sem_sext32((uint32_t)a >> (IN.imm & 31)))
    RI(SRAIW, (uint64_t)(int64_t)((int32_t)a >> (IN.imm & 31)))
    RI(SLLI_UW, (uint64_t)(uint32_t)a << (IN.imm & 63))
    RI(RORI, sem_ror(a, (unsigned)IN.imm))
    RI(RORIW, sem_rorw(a, (unsigned)IN.imm))
    RI(SEXT_B, (uint64_t)(int64_t)(int8_t)a)
    RI(SEXT_H, (uint64_t)(int64_t)(int16_t)a)
    RI(ZEXT_H, (uint16_t)a)
    RI(CPOP, (uint64_t)__builtin_popcountll(a))
    RI(CPOPW, (uint64_t)__builtin_popcount((uint32_t)a))
    RI(CLZ, sem_clz(a))
    RI(CTZ, sem_ctz(a))
    RI(REV8, __builtin_bswap64(a))
    RI(BEXTI, (a >> (IN.imm & 63)) & 1)
    RI(BSETI, a | (1ull << (IN.imm & 63)))
    RI(BCLRI, a & ~(1ull << (IN.imm & 63)))
    RI(BINVI, a ^ (1ull << (IN.imm & 63)))
    BR(BEQ, a == b)
    BR(BNE, a != b)
    BR(BLT, (int64_t)a < (int64_t)b)
    BR(BGE, (int64_t)a >= (int64_t)b)
    BR(BLTU, a < b)
    BR(BGEU, a >= b)
    /* clang-format on */
L_FENCE:
    /* x86 only reorders a later load before an earlier store: fence w,r needs mfence. */
    if ((IN.rm & 0x10) && (IN.rm & 0x02))
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    else
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    NEXT();
L_FENCE_I:
    /* Stores to translated code already invalidate it (write-protected pages); fence.i also
     * covers code modified through another mapping of the same memory: drop everything. */
    tb_invalidate_range(cpu->proc, 0, GUEST_SPACE);
    npc = op->pc + IN.len;
    goto jump;
L_ECALL:
    cpu->pc = op->pc;
    return EXIT_ECALL;
L_EBREAK:
    sem_fault(cpu, SIGTRAP, TRAP_BRKPT, op->pc);
    goto fault;

    /* ---- Zicsr ---- */
L_CSRRW:
L_CSRRS:
L_CSRRC:
L_CSRRWI:
L_CSRRSI:
L_CSRRCI:
    if (unlikely(!sem_csr(cpu, &IN)))
        goto illegal;
    NEXT();

    /* ---- M ---- */
L_MULH:
    XR(IN.rd) = sem_mulh(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_MULHSU:
    XR(IN.rd) = sem_mulhsu(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_MULHU:
    XR(IN.rd) = sem_mulhu(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_DIV:
    XR(IN.rd) = sem_div(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_DIVU:
    XR(IN.rd) = sem_divu(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_REM:
    XR(IN.rd) = sem_rem(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_REMU:
    XR(IN.rd) = sem_remu(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_DIVW:
    XR(IN.rd) = sem_divw(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_DIVUW:
    XR(IN.rd) = sem_divuw(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_REMW:
    XR(IN.rd) = sem_remw(XR(IN.rs1), XR(IN.rs2));
    NEXT();
L_REMUW:
    XR(IN.rd) = sem_remuw(XR(IN.rs1), XR(IN.rs2));
    NEXT();

    /* ---- A ---- */
L_LR_W:
    MEM(sem_atomic(cpu, op, RV_OP_LR_W, false));
L_SC_W:
    MEM(sem_atomic(cpu, op, RV_OP_SC_W, false));
L_AMOSWAP_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOSWAP_W, false));
L_AMOADD_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOADD_W, false));
L_AMOXOR_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOXOR_W, false));
L_AMOAND_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOAND_W, false));
L_AMOOR_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOOR_W, false));
L_AMOMIN_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMIN_W, false));
L_AMOMAX_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMAX_W, false));
L_AMOMINU_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMINU_W, false));
L_AMOMAXU_W:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMAXU_W, false));
L_LR_D:
    MEM(sem_atomic(cpu, op, RV_OP_LR_D, false));
L_SC_D:
    MEM(sem_atomic(cpu, op, RV_OP_SC_D, false));
L_AMOSWAP_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOSWAP_D, false));
L_AMOADD_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOADD_D, false));
L_AMOXOR_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOXOR_D, false));
L_AMOAND_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOAND_D, false));
L_AMOOR_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOOR_D, false));
L_AMOMIN_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMIN_D, false));
L_AMOMAX_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMAX_D, false));
L_AMOMINU_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMINU_D, false));
L_AMOMAXU_D:
    MEM(sem_atomic(cpu, op, RV_OP_AMOMAXU_D, false));

    /* ---- F ---- */
L_FLW:
    MEM(sem_fload(cpu, op, 2, false));
L_FSW:
    MEM(sem_fstore(cpu, op, 2, false));
L_FMADD_S:
    FR(IN.rd) = fpu_madd_s(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FMSUB_S:
    FR(IN.rd) = fpu_msub_s(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FNMSUB_S:
    FR(IN.rd) = fpu_nmsub_s(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FNMADD_S:
    FR(IN.rd) = fpu_nmadd_s(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FADD_S:
    FR(IN.rd) = fpu_add_s(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FSUB_S:
    FR(IN.rd) = fpu_sub_s(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FMUL_S:
    FR(IN.rd) = fpu_mul_s(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FDIV_S:
    FR(IN.rd) = fpu_div_s(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FSQRT_S:
    FR(IN.rd) = fpu_sqrt_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FSGNJ_S:
    FR(IN.rd) = fpu_sgnj_s(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FSGNJN_S:
    FR(IN.rd) = fpu_sgnjn_s(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FSGNJX_S:
    FR(IN.rd) = fpu_sgnjx_s(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FMIN_S:
    FR(IN.rd) = fpu_min_s(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FMAX_S:
    FR(IN.rd) = fpu_max_s(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FCVT_W_S:
    XR(IN.rd) = fpu_cvt_w_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_WU_S:
    XR(IN.rd) = fpu_cvt_wu_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FMV_X_W:
    XR(IN.rd) = fpu_mv_x_w(FR(IN.rs1));
    NEXT();
L_FEQ_S:
    XR(IN.rd) = fpu_eq_s(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FLT_S:
    XR(IN.rd) = fpu_lt_s(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FLE_S:
    XR(IN.rd) = fpu_le_s(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FCLASS_S:
    XR(IN.rd) = fpu_class_s(FR(IN.rs1));
    NEXT();
L_FCVT_S_W:
    FR(IN.rd) = fpu_cvt_s_w(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_S_WU:
    FR(IN.rd) = fpu_cvt_s_wu(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FMV_W_X:
    FR(IN.rd) = fpu_mv_w_x(XR(IN.rs1));
    NEXT();
L_FCVT_L_S:
    XR(IN.rd) = fpu_cvt_l_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_LU_S:
    XR(IN.rd) = fpu_cvt_lu_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_S_L:
    FR(IN.rd) = fpu_cvt_s_l(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_S_LU:
    FR(IN.rd) = fpu_cvt_s_lu(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();

    /* ---- D ---- */
L_FLD:
    MEM(sem_fload(cpu, op, 3, false));
L_FSD:
    MEM(sem_fstore(cpu, op, 3, false));
L_FMADD_D:
    FR(IN.rd) = fpu_madd_d(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FMSUB_D:
    FR(IN.rd) = fpu_msub_d(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FNMSUB_D:
    FR(IN.rd) = fpu_nmsub_d(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FNMADD_D:
    FR(IN.rd) = fpu_nmadd_d(FR(IN.rs1), FR(IN.rs2), FR(IN.rs3), FP_RM(), &cpu->fflags);
    NEXT();
L_FADD_D:
    FR(IN.rd) = fpu_add_d(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FSUB_D:
    FR(IN.rd) = fpu_sub_d(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FMUL_D:
    FR(IN.rd) = fpu_mul_d(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FDIV_D:
    FR(IN.rd) = fpu_div_d(FR(IN.rs1), FR(IN.rs2), FP_RM(), &cpu->fflags);
    NEXT();
L_FSQRT_D:
    FR(IN.rd) = fpu_sqrt_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FSGNJ_D:
    FR(IN.rd) = fpu_sgnj_d(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FSGNJN_D:
    FR(IN.rd) = fpu_sgnjn_d(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FSGNJX_D:
    FR(IN.rd) = fpu_sgnjx_d(FR(IN.rs1), FR(IN.rs2));
    NEXT();
L_FMIN_D:
    FR(IN.rd) = fpu_min_d(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FMAX_D:
    FR(IN.rd) = fpu_max_d(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FCVT_S_D:
    FR(IN.rd) = fpu_cvt_s_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_D_S:
    FR(IN.rd) = fpu_cvt_d_s(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FEQ_D:
    XR(IN.rd) = fpu_eq_d(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FLT_D:
    XR(IN.rd) = fpu_lt_d(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FLE_D:
    XR(IN.rd) = fpu_le_d(FR(IN.rs1), FR(IN.rs2), &cpu->fflags);
    NEXT();
L_FCLASS_D:
    XR(IN.rd) = fpu_class_d(FR(IN.rs1));
    NEXT();
L_FCVT_W_D:
    XR(IN.rd) = fpu_cvt_w_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_WU_D:
    XR(IN.rd) = fpu_cvt_wu_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_D_W:
    FR(IN.rd) = fpu_cvt_d_w(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_D_WU:
    FR(IN.rd) = fpu_cvt_d_wu(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_L_D:
    XR(IN.rd) = fpu_cvt_l_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_LU_D:
    XR(IN.rd) = fpu_cvt_lu_d(FR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FMV_X_D:
    XR(IN.rd) = fpu_mv_x_d(FR(IN.rs1));
    NEXT();
L_FCVT_D_L:
    FR(IN.rd) = fpu_cvt_d_l(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FCVT_D_LU:
    FR(IN.rd) = fpu_cvt_d_lu(XR(IN.rs1), FP_RM(), &cpu->fflags);
    NEXT();
L_FMV_D_X:
    FR(IN.rd) = fpu_mv_d_x(XR(IN.rs1));
    NEXT();

    /* ---- Zba ---- */
L_SH1ADD_UW:
    XR(IN.rd) = ((uint64_t)(uint32_t)XR(IN.rs1) << 1) + XR(IN.rs2);
    NEXT();
L_SH2ADD_UW:
    XR(IN.rd) = ((uint64_t)(uint32_t)XR(IN.rs1) << 2) + XR(IN.rs2);
    NEXT();
L_SH3ADD_UW:
    XR(IN.rd) = ((uint64_t)(uint32_t)XR(IN.rs1) << 3) + XR(IN.rs2);
    NEXT();

    /* ---- Zbb ---- */
L_CLZW:
    XR(IN.rd) = sem_clzw(XR(IN.rs1));
    NEXT();
L_CTZW:
    XR(IN.rd) = sem_ctzw(XR(IN.rs1));
    NEXT();
L_ORC_B:
    XR(IN.rd) = sem_orc_b(XR(IN.rs1));
    NEXT();

    /* ---- Zbs ---- */
L_BCLR:
    XR(IN.rd) = XR(IN.rs1) & ~(1ull << (XR(IN.rs2) & 63));
    NEXT();
L_BEXT:
    XR(IN.rd) = (XR(IN.rs1) >> (XR(IN.rs2) & 63)) & 1;
    NEXT();
L_BINV:
    XR(IN.rd) = XR(IN.rs1) ^ (1ull << (XR(IN.rs2) & 63));
    NEXT();
L_BSET:
    XR(IN.rd) = XR(IN.rs1) | (1ull << (XR(IN.rs2) & 63));
    NEXT();

    /* ---- plugin and bookkeeping ops ---- */
L_MEM_INSTR: {
    gaddr_t after = op->pc + IN.len;
    uint64_t flushes = FLUSHES();
    int r = interp_mem_instr(cpu, op);
    if (unlikely(r == SEM_FAULT))
        goto fault;
    if (unlikely(FLUSHES() != flushes)) {
        /* A memory callback flushed the cache: this block is gone; resume after the access. */
        npc = after;
        goto attention;
    }
    NEXT();
}
    /* clang-format off */
    MI_LD(LB, 0, true)
    MI_LD(LH, 1, true)
    MI_LD(LW, 2, true)
    MI_LD(LD, 3, false)
    MI_LD(LBU, 0, false)
    MI_LD(LHU, 1, false)
    MI_LD(LWU, 2, false)
    MI_ST(SB, 0)
    MI_ST(SH, 1)
    MI_ST(SW, 2)
    MI_ST(SD, 3)
    /* clang-format on */
L_PLG_INLINE_ADD:
    *(uint64_t *)(op->slot.base + (size_t)cpu->index * op->slot.stride) += op->slot.imm;
    NEXT();
L_PLG_INLINE_STORE:
    *(uint64_t *)(op->slot.base + (size_t)cpu->index * op->slot.stride) = op->slot.imm;
    NEXT();
L_PLG_PTR_ADD:
    *op->ptr_add.ptr += op->ptr_add.imm;
    NEXT();
L_PLG_MEM_ARM:
    cpu->plg_mem = op->arm.mem;
    NEXT();
L_PLG_COND_CB:
    if (!interp_cond(op->act->cond, *plg_slot(op->act, cpu->index), op->act->imm))
        NEXT();
    /* fall through */
L_PLG_CB: {
    gaddr_t here = op->pc;
    uint64_t flushes = FLUSHES();
    cpu->pc = here;
    plg_call(cpu, op->act);
    if (unlikely(FLUSHES() != flushes)) {
        /* The callback flushed the cache: this block is gone; resume at its instruction. */
        npc = here;
        goto attention;
    }
    NEXT();
}
L_BLOCK_END:
    CHAIN(TB_NEXT_FALL);
L_LOG:
    cpu_log_block(cpu, tb);
    NEXT();
L_STEP_END:
    return EXIT_STEP_DONE;
}

enum exit_reason interp_run(struct vcpu *cpu)
{
    return interp_dispatch(cpu, NULL, NULL);
}

enum exit_reason interp_step(struct vcpu *cpu, const struct op *ops)
{
    return interp_dispatch(cpu, NULL, ops);
}

/* Forwarding facts per op kind: sets acc, and the A1 / A2 variant kinds (0: none). */
struct interp_acc {
    bool sets;
    uint16_t a1, a2;
};

static const struct interp_acc interp_acc_table[OPK_COUNT] = {
    /* clang-format off */
#define X(name)                                                                                    \
    [RV_OP_##name] = {true, OPK_A1_##name, OPK_A2_##name}, [OPK_A1_##name] = {true, 0, 0},         \
    [OPK_A2_##name] = {true, 0, 0},
    OPK_ACC_RR(X)
#undef X
#define X(name) [RV_OP_##name] = {true, OPK_A1_##name, 0}, [OPK_A1_##name] = {true, 0, 0},
    OPK_ACC_RI(X) OPK_ACC_LD(X)
#undef X
#define X(name) [RV_OP_##name] = {false, OPK_A1_##name, OPK_A2_##name},
    OPK_ACC_BR(X) OPK_ACC_ST(X)
#undef X
    /* clang-format on */
};

bool interp_sets_acc(unsigned kind)
{
    return interp_acc_table[kind].sets;
}

unsigned interp_acc_variant(unsigned kind, unsigned src)
{
    unsigned v = src == 1 ? interp_acc_table[kind].a1 : interp_acc_table[kind].a2;
    return v ? v : kind;
}

const void *interp_handler(unsigned kind)
{
    const void *const *table;
    interp_dispatch(NULL, &table, NULL);
    return table[kind];
}
