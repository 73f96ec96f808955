/*
 * tb.h — translation blocks: the op list the interpreter runs (and a JIT will lower), and the
 * exec-internal API of the translation cache.
 *
 * A block is decoded once from guest memory into an array of 32-byte ops. Guest instructions and
 * plugin actions are ops of the same array, in the order of the plugin spec (§4.6): block
 * actions, then for each instruction its actions, an optional PLG_MEM_ARM, the instruction. Every
 * op names its handler directly (op.h is the address of the interpreter's handler for the op
 * kind), so dispatch is one load and one indirect jump.
 *
 * Invariants:
 *  - ops carry explicit operands only (decoded instruction, action pointer, guest pc): no hidden
 *    state, so a JIT can lower the same array.
 *  - rd of INSN_RD rows is never 0 in an op: writes to x0 go to the sink x[32].
 *  - A block never changes after it is published, except its chaining slots (next[]) and, on
 *    invalidation, its flags and the handler of ops[0] (OPK_STALE, so that chains into it need
 *    no check). Blocks are freed only at a quiescent point (tb_flush_exclusive): a vCPU may
 *    still run a block that another thread invalidated, until it reaches a block boundary.
 *
 * Threading: tb_find() runs on the owning vCPU; invalidation may run on any thread, including
 * inside the host SIGSEGV handler of a guest store (it takes only a spinlock and never allocates).
 */
#ifndef PLUME_EXEC_TB_H
#define PLUME_EXEC_TB_H

#include "../plugin/hooks.h"
#include "../riscv/insn.h"
#include "cpu.h"

/*
 * Register forwarding: the handlers of the ops listed here (and of their variants) leave the
 * value they wrote to rd in a host register ("acc") as well as in x[rd]. When such an op is
 * immediately followed in the op array by an instruction that reads that rd, the follower runs
 * a variant that takes the operand from acc instead of reloading x[] (no store-to-load
 * forwarding on the dependency): A1 = rs1 from acc, A2 = rs2 from acc.
 *   _RR: two register sources (A1 and A2 variants), writes rd
 *   _RI: one register source (A1 variant), writes rd
 *   _BR: conditional branches (A1 and A2 variants)
 *   _LD: loads (A1 variant: the base address register), write rd
 *   _ST: stores (A1: base, A2: value)
 */
/* clang-format off */
#define OPK_ACC_RR(X)                                                                              \
    X(ADD) X(SUB) X(SLL) X(SLT) X(SLTU) X(XOR) X(SRL) X(SRA) X(OR) X(AND) X(ADDW) X(SUBW)         \
    X(SLLW) X(SRLW) X(SRAW) X(MUL) X(MULW) X(SH1ADD) X(SH2ADD) X(SH3ADD) X(ADD_UW) X(ANDN)        \
    X(ORN) X(XNOR) X(MIN) X(MAX) X(MINU) X(MAXU) X(ROL) X(ROR) X(ROLW) X(RORW)
#define OPK_ACC_RI(X)                                                                              \
    X(ADDI) X(SLTI) X(SLTIU) X(XORI) X(ORI) X(ANDI) X(SLLI) X(SRLI) X(SRAI) X(ADDIW) X(SLLIW)     \
    X(SRLIW) X(SRAIW) X(SLLI_UW) X(RORI) X(RORIW) X(SEXT_B) X(SEXT_H) X(ZEXT_H) X(CPOP) X(CPOPW) \
    X(CLZ) X(CTZ) X(REV8) X(BEXTI) X(BSETI) X(BCLRI) X(BINVI)
#define OPK_ACC_BR(X) X(BEQ) X(BNE) X(BLT) X(BGE) X(BLTU) X(BGEU)
#define OPK_ACC_LD(X) X(LB) X(LH) X(LW) X(LD) X(LBU) X(LHU) X(LWU)
#define OPK_ACC_ST(X) X(SB) X(SH) X(SW) X(SD)
/* clang-format on */

/* Op kinds beyond the guest operations (0 .. RV_OP_COUNT-1 are enum rv_op). */
enum op_kind {
    OPK_MEM_INSTR = RV_OP_COUNT, /* memory instruction with armed plugin memory actions */
    OPK_PLG_CB,                  /* act: callback */
    OPK_PLG_COND_CB,             /* act: conditional callback */
    OPK_PLG_INLINE_ADD,          /* slot: *(base + vcpu index * stride) += imm */
    OPK_PLG_INLINE_STORE,        /* slot: *(base + vcpu index * stride) = imm */
    OPK_PLG_PTR_ADD,             /* ptr_add: *ptr += imm (API v1) */
    OPK_PLG_MEM_ARM,             /* arm: set vcpu.plg_mem before the instrumented access */
    OPK_BLOCK_END,               /* fall through to op.pc, the block's end (in.len = 0) */
    OPK_LOG,                     /* -d exec / -d cpu line at block entry */
    OPK_STALE,                   /* first op of an invalidated block: look the pc up again */
    OPK_UNCHAINED_TAKEN,         /* only op of the "not chained yet" taken-slot sentinel */
    OPK_UNCHAINED_FALL,          /* only op of the "not chained yet" fallthrough-slot sentinel */
    OPK_STEP_END,                /* ends an op run by interp_step(): return EXIT_STEP_DONE */
                                 /* clang-format off */
#define X(name) OPK_A1_##name, OPK_A2_##name,
    OPK_ACC_RR(X) OPK_ACC_BR(X) OPK_ACC_ST(X)
#undef X
#define X(name) OPK_A1_##name,
    OPK_ACC_RI(X) OPK_ACC_LD(X)
#undef X
#define X(name) OPK_MI_##name,
    OPK_ACC_LD(X) OPK_ACC_ST(X)
#undef X
                                 /* clang-format on */
    OPK_COUNT
};

/*
 * One op of a block: 32 bytes. Plugin ops carry what they need by value, resolved at
 * translation (scoreboard data only moves with a flush that drops every block).
 * OPK_MI_<load/store> is the PLG_MEM_ARM op of an instrumented integer load or store whose
 * handler performs the access of the instruction op that follows it (OPK_MEM_INSTR, which it
 * skips) and reports it with the meminfo word computed at translation.
 */
struct op {
    const void *h; /* handler address (threaded dispatch) */
    union {
        struct {
            union {
                struct insn in;               /* guest instruction (and BLOCK_END's len) */
                const struct plg_action *act; /* OPK_PLG_CB, OPK_PLG_COND_CB */
                struct {
                    uint64_t *ptr;
                    uint64_t imm;
                } ptr_add; /* OPK_PLG_PTR_ADD */
                struct {
                    const struct plg_action_list *mem;
                    uint32_t info; /* OPK_MI_*: the access's meminfo word */
                } arm;             /* OPK_PLG_MEM_ARM, OPK_MI_* */
            };
            uint64_t pc; /* guest pc of the instruction (of the block for block-level actions) */
        };
        struct {
            uint8_t *base; /* scoreboard data + offset of the entry */
            size_t stride; /* element size */
            uint64_t imm;
        } slot; /* OPK_PLG_INLINE_ADD/STORE (these ops have no pc) */
    };
};

_Static_assert(sizeof(struct op) == 32, "struct op must stay 32 bytes");

/* tb.flags */
enum {
    TB_INVALID = 1u << 0, /* never enter again (chains and jump caches check it) */
};

/* Chaining slots: successor reached by a taken branch / jal, or by falling through. */
enum { TB_NEXT_TAKEN = 0, TB_NEXT_FALL = 1 };

struct tb {
    gaddr_t pc;              /* first instruction */
    volatile uint32_t flags; /* TB_* */
    uint32_t n_insns;        /* guest instructions (counted once per execution) */
    struct tb *next[2];      /* chained successors (atomic pointer stores); while a slot is
                                not chained, the process's sentinel for that slot: a block
                                whose only op is OPK_UNCHAINED_*, TB_INVALID, pc UINT64_MAX */
    const void *jit_code;    /* with a back end (tb_backend): where its code enters this block:
                                the compiled code, or the back end's stale / unchained / run-
                                interpreted stub (atomic pointer stores, like ops[0].h) */
    gaddr_t end;             /* address past the last instruction */
    uint32_t n_ops;
    uint32_t n_pages;         /* 1 or 2 guest pages covered */
    gaddr_t page[2];          /* page addresses covered */
    uintptr_t page_next[2];   /* page-index chains: tagged pointer (tb | slot) */
    struct tb *hnext;         /* pc hash chain (lock-free readers) */
    struct tb *lprev, *lnext; /* live list, or retired list (lnext only) */
    struct plg_tb_instr *plg; /* instrumentation the ops point into (NULL: none) */
    size_t bytes;             /* allocation size, for the cache limit */
    struct op ops[];
};

/* Create p->tbs and hook p->mem->invalidate_code (from exec_init). Main thread. */
void tb_cache_init(struct proc *p);

/* The block for guest pc on cpu: jump cache, then global hash, then translation. Returns NULL
 * with cpu->fault filled if pc cannot be fetched (SIGSEGV for that pc). Owning vCPU only;
 * called with cpu->in_guest set or not, it clears it while translating. */
struct tb *tb_find(struct vcpu *cpu, gaddr_t pc);

/* The count of completed full flushes (a block found before a change of this value is gone),
 * for atomic acquire loads. Valid as long as p. Any thread. */
const uint64_t *tb_flush_counter(const struct proc *p);

/*
 * A compiling back end (src/jit/), installed once by tb_set_backend before any vCPU runs. The
 * cache calls it to compile each block before publishing it, points invalidated blocks and the
 * slot sentinels at its stubs, tells it when every block is gone, and the cpu loop runs guest
 * code through it instead of interp_run.
 */
struct tb_backend {
    void *opaque;
    /* Compile tb (built, not yet published): set tb->jit_code. Translating vCPU's thread. */
    void (*compile)(void *opaque, struct vcpu *cpu, struct tb *tb);
    /* Run guest code from cpu->pc: same contract as interp_run. Owning vCPU. */
    enum exit_reason (*run)(void *opaque, struct vcpu *cpu);
    /* Every block was freed (tb_flush_exclusive): their code may be reused. Exclusive. */
    void (*flushed)(void *opaque);
    /* Child of a host fork (exec_fork_child): stop sharing code memory with the parent. */
    void (*fork_child)(void *opaque);
    /* cpu is going away (cpu_free): release the back end's per-vCPU state. Owning vCPU. */
    void (*vcpu_free)(void *opaque, struct vcpu *cpu);
    const void *stale_code;        /* jit_code of invalidated blocks */
    const void *unchained_code[2]; /* jit_code of the TB_NEXT_TAKEN / TB_NEXT_FALL sentinels */
};

/* Install be (which must outlive p). Main thread, after exec_init, before any vCPU runs. */
void tb_set_backend(struct proc *p, const struct tb_backend *be);
/* The installed back end, or NULL (interpreter only). Any thread. */
const struct tb_backend *tb_get_backend(const struct proc *p);
/* Call fn(tb, arg) for every published, valid block (under the cache lock: fn must not call
 * back into the cache). Any thread. */
void tb_foreach_live(struct proc *p, void (*fn)(struct tb *tb, void *arg), void *arg);
/* Ask for a full flush at cpu's next block boundary (a back end's code memory runs low). Owning
 * vCPU. */
void tb_request_flush(struct vcpu *cpu);

/* Successor address of a block-ending op through chaining slot s: the branch or jal target, or
 * the next instruction (OPK_BLOCK_END has length 0 and pc = the block's end). */
static inline gaddr_t tb_chain_target(const struct op *op, unsigned s)
{
    return s == TB_NEXT_TAKEN ? op->pc + (uint64_t)(int64_t)op->in.imm : op->pc + op->in.len;
}

/* Direct-mapped jump cache geometry (entries of vcpu.jmp_cache). */
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

static inline unsigned tb_jmp_hash(gaddr_t pc)
{
    return (unsigned)(pc >> 1) & (TB_JMP_CACHE_SIZE - 1);
}

/* ---- interp.c ---- */

/* Handler address of an op kind (enum rv_op or enum op_kind). Any thread. */
const void *interp_handler(unsigned kind);
/* Does the handler of kind leave its rd value in acc (register forwarding)? Any thread. */
bool interp_sets_acc(unsigned kind);
/* The variant of kind taking rs1 (src == 1) or rs2 (src == 2) from acc, or kind itself when
 * there is none. Any thread. */
unsigned interp_acc_variant(unsigned kind, unsigned src);
/* Run blocks from cpu->pc until an exit: attention at a block boundary, an ecall, or a
 * synchronous fault (cpu->fault filled, cpu->pc = faulting instruction). Owning vCPU only. */
enum exit_reason interp_run(struct vcpu *cpu);
/* Run the ops at `ops` (copies of a block's ops, not its own array: their handlers must be the
 * plain ones, never forwarding variants) up to an OPK_STEP_END op: EXIT_STEP_DONE then, or the
 * exit reason with which a control transfer, fault or ecall among them left the interpreter
 * (after running further blocks, as interp_run would). The JIT's fallback for ops it does not
 * lower. Owning vCPU only. */
enum exit_reason interp_step(struct vcpu *cpu, const struct op *ops);

/* ---- cpu_loop.c ---- */

/* Print the -d exec / -d cpu lines for block tb about to run on cpu. Owning vCPU. */
void cpu_log_block(struct vcpu *cpu, const struct tb *tb);

#endif
