/* link: src/jit/jit.c src/jit/lower.c src/exec/tb.c src/exec/interp.c src/exec/cpu.c src/exec/exclusive.c src/exec/cpu_loop.c src/riscv/decode.c src/riscv/disas.c src/riscv/csr_names.c src/riscv/fpu.c src/riscv/fpu_soft.c src/mem/space.c src/mem/mmap.c src/mem/vma.c src/mem/maps.c src/util/common.c src/util/log.c */
/*
 * test_jit_cosim.c — the JIT against the interpreter, and the co-simulation check itself.
 *
 *  1. Random programs (fixed seeds) mixing every native lowering (RV64IM, Zba/Zbb/Zbs, loads
 *     and stores of every width, aligned or not, branches, F/D arithmetic with static and
 *     dynamic rounding modes, conversions, moves) with ops that fall back to the interpreter
 *     (atomics, CSRs): each runs once interpreted and once compiled, in two processes' worth of
 *     state (two fixtures), and every register, fcsr and the data memory must be identical.
 *  2. The same programs under co-simulation (-accel cosim) run to the end without a report.
 *  3. Co-simulation catches a divergence: after a block is compiled, one immediate of its op
 *     list is changed, so the interpreter computes something else than the compiled code; a
 *     child process running it must die with a "cosim" report.
 *  4. A plugin callback (called directly by generated code) that flushes the cache and then
 *     has a block compiled: it returns into its block's code, which the JIT keeps until the
 *     next flush, the block leaves at once, and execution resumes at the callback's
 *     instruction, as the interpreter does: the instructions run once each, the callback twice,
 *     the plugin call state is reset.
 * Uses the interpreter tests' fixture (real exec/, mem/, riscv/; stand-ins for the other layers).
 */
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/jit/jit.h"
#include "test_interp_fixture.h"

#define DATA_REG 20 /* s4: base of the data region */

/* Stand-ins for the plugin call-state layout the JIT reads at start-up (no program here has a
 * plugin callback). */
size_t plg_call_level_offset(void)
{
    return 0;
}

size_t plg_call_owner_offset(void)
{
    return 8;
}

uint8_t plg_call_level(const struct plg_action *a)
{
    return a->regs;
}

static uint64_t rng_state;

static uint32_t rnd(void)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33);
}

/* A work register x5..x15 or x0/x1 now and then. */
static unsigned rreg(void)
{
    unsigned r = rnd() % 13;
    return r < 11 ? 5 + r : r - 11; /* x5..x15, x0, x1 */
}

static unsigned wreg(void)
{
    return 5 + rnd() % 11;
}

struct rop {
    unsigned op, f7, f3, opc;
};

static const struct rop rops[] = {
    {RV_OP_ADD, 0, 0, OPC_OP},
    {RV_OP_SUB, 0x20, 0, OPC_OP},
    {RV_OP_SLL, 0, 1, OPC_OP},
    {RV_OP_SLT, 0, 2, OPC_OP},
    {RV_OP_SLTU, 0, 3, OPC_OP},
    {RV_OP_XOR, 0, 4, OPC_OP},
    {RV_OP_SRL, 0, 5, OPC_OP},
    {RV_OP_SRA, 0x20, 5, OPC_OP},
    {RV_OP_OR, 0, 6, OPC_OP},
    {RV_OP_AND, 0, 7, OPC_OP},
    {RV_OP_MUL, 1, 0, OPC_OP},
    {RV_OP_MULH, 1, 1, OPC_OP},
    {RV_OP_MULHSU, 1, 2, OPC_OP},
    {RV_OP_MULHU, 1, 3, OPC_OP},
    {RV_OP_DIV, 1, 4, OPC_OP},
    {RV_OP_DIVU, 1, 5, OPC_OP},
    {RV_OP_REM, 1, 6, OPC_OP},
    {RV_OP_REMU, 1, 7, OPC_OP},
    {RV_OP_ADDW, 0, 0, OPC_OP_32},
    {RV_OP_SUBW, 0x20, 0, OPC_OP_32},
    {RV_OP_SLLW, 0, 1, OPC_OP_32},
    {RV_OP_SRLW, 0, 5, OPC_OP_32},
    {RV_OP_SRAW, 0x20, 5, OPC_OP_32},
    {RV_OP_MULW, 1, 0, OPC_OP_32},
    {RV_OP_DIVW, 1, 4, OPC_OP_32},
    {RV_OP_DIVUW, 1, 5, OPC_OP_32},
    {RV_OP_REMW, 1, 6, OPC_OP_32},
    {RV_OP_REMUW, 1, 7, OPC_OP_32},
    {RV_OP_SH1ADD, 0x10, 2, OPC_OP},
    {RV_OP_SH2ADD, 0x10, 4, OPC_OP},
    {RV_OP_SH3ADD, 0x10, 6, OPC_OP},
    {RV_OP_ADD_UW, 0x04, 0, OPC_OP_32},
    {RV_OP_SH1ADD_UW, 0x10, 2, OPC_OP_32},
    {RV_OP_SH2ADD_UW, 0x10, 4, OPC_OP_32},
    {RV_OP_SH3ADD_UW, 0x10, 6, OPC_OP_32},
    {RV_OP_ANDN, 0x20, 7, OPC_OP},
    {RV_OP_ORN, 0x20, 6, OPC_OP},
    {RV_OP_XNOR, 0x20, 4, OPC_OP},
    {RV_OP_MIN, 0x05, 4, OPC_OP},
    {RV_OP_MAX, 0x05, 6, OPC_OP},
    {RV_OP_MINU, 0x05, 5, OPC_OP},
    {RV_OP_MAXU, 0x05, 7, OPC_OP},
    {RV_OP_ROL, 0x30, 1, OPC_OP},
    {RV_OP_ROR, 0x30, 5, OPC_OP},
    {RV_OP_ROLW, 0x30, 1, OPC_OP_32},
    {RV_OP_RORW, 0x30, 5, OPC_OP_32},
    {RV_OP_BCLR, 0x24, 1, OPC_OP},
    {RV_OP_BEXT, 0x24, 5, OPC_OP},
    {RV_OP_BINV, 0x34, 1, OPC_OP},
    {RV_OP_BSET, 0x14, 1, OPC_OP},
};

/* I-type rows: imm is the fixed part, `sh` the shamt mask (0: a random 12-bit immediate). */
struct iop {
    unsigned op, f3, opc, imm, sh;
};

static const struct iop iops[] = {
    {RV_OP_ADDI, 0, OPC_OP_IMM, 0, 0},
    {RV_OP_SLTI, 2, OPC_OP_IMM, 0, 0},
    {RV_OP_SLTIU, 3, OPC_OP_IMM, 0, 0},
    {RV_OP_XORI, 4, OPC_OP_IMM, 0, 0},
    {RV_OP_ORI, 6, OPC_OP_IMM, 0, 0},
    {RV_OP_ANDI, 7, OPC_OP_IMM, 0, 0},
    {RV_OP_SLLI, 1, OPC_OP_IMM, 0, 63},
    {RV_OP_SRLI, 5, OPC_OP_IMM, 0, 63},
    {RV_OP_SRAI, 5, OPC_OP_IMM, 0x400, 63},
    {RV_OP_ADDIW, 0, OPC_OP_IMM_32, 0, 0},
    {RV_OP_SLLIW, 1, OPC_OP_IMM_32, 0, 31},
    {RV_OP_SRLIW, 5, OPC_OP_IMM_32, 0, 31},
    {RV_OP_SRAIW, 5, OPC_OP_IMM_32, 0x400, 31},
    {RV_OP_CLZ, 1, OPC_OP_IMM, 0x600, 0x100},
    {RV_OP_CTZ, 1, OPC_OP_IMM, 0x601, 0x100},
    {RV_OP_CPOP, 1, OPC_OP_IMM, 0x602, 0x100},
    {RV_OP_SEXT_B, 1, OPC_OP_IMM, 0x604, 0x100},
    {RV_OP_SEXT_H, 1, OPC_OP_IMM, 0x605, 0x100},
    {RV_OP_CLZW, 1, OPC_OP_IMM_32, 0x600, 0x100},
    {RV_OP_CTZW, 1, OPC_OP_IMM_32, 0x601, 0x100},
    {RV_OP_CPOPW, 1, OPC_OP_IMM_32, 0x602, 0x100},
    {RV_OP_REV8, 5, OPC_OP_IMM, 0x6b8, 0x100},
    {RV_OP_ORC_B, 5, OPC_OP_IMM, 0x287, 0x100},
    {RV_OP_RORI, 5, OPC_OP_IMM, 0x600, 63},
    {RV_OP_RORIW, 5, OPC_OP_IMM_32, 0x600, 31},
    {RV_OP_BCLRI, 1, OPC_OP_IMM, 0x480, 63},
    {RV_OP_BSETI, 1, OPC_OP_IMM, 0x280, 63},
    {RV_OP_BINVI, 1, OPC_OP_IMM, 0x680, 63},
    {RV_OP_BEXTI, 5, OPC_OP_IMM, 0x480, 63},
    {RV_OP_SLLI_UW, 1, OPC_OP_IMM_32, 0x080, 63},
};

/* OP-FP rows on doubles (fmt 1): funct5, rs2 field (-1: a register), f3 (-1: a rounding mode),
 * and whether rd is an integer register. */
struct fop {
    unsigned op, f5;
    int rs2, f3;
    bool xrd, xrs1;
};

static const struct fop fops[] = {
    {RV_OP_FADD_D, 0x00, -1, -1, false, false},  {RV_OP_FSUB_D, 0x01, -1, -1, false, false},
    {RV_OP_FMUL_D, 0x02, -1, -1, false, false},  {RV_OP_FDIV_D, 0x03, -1, -1, false, false},
    {RV_OP_FSQRT_D, 0x0b, 0, -1, false, false},  {RV_OP_FSGNJ_D, 0x04, -1, 0, false, false},
    {RV_OP_FSGNJN_D, 0x04, -1, 1, false, false}, {RV_OP_FSGNJX_D, 0x04, -1, 2, false, false},
    {RV_OP_FMIN_D, 0x05, -1, 0, false, false},   {RV_OP_FMAX_D, 0x05, -1, 1, false, false},
    {RV_OP_FEQ_D, 0x14, -1, 2, true, false},     {RV_OP_FLT_D, 0x14, -1, 1, true, false},
    {RV_OP_FLE_D, 0x14, -1, 0, true, false},     {RV_OP_FCLASS_D, 0x1c, 0, 1, true, false},
    {RV_OP_FMV_X_D, 0x1c, 0, 0, true, false},    {RV_OP_FCVT_W_D, 0x18, 0, -1, true, false},
    {RV_OP_FCVT_WU_D, 0x18, 1, -1, true, false}, {RV_OP_FCVT_L_D, 0x18, 2, -1, true, false},
    {RV_OP_FCVT_LU_D, 0x18, 3, -1, true, false}, {RV_OP_FCVT_D_W, 0x1a, 0, -1, false, true},
    {RV_OP_FCVT_D_L, 0x1a, 2, -1, false, true},  {RV_OP_FMV_D_X, 0x1e, 0, 0, false, true},
    {RV_OP_FCVT_S_D, 0x08, 1, -1, false, false},
};

/* A rounding mode: mostly dynamic, sometimes static (0..4). */
static unsigned rm(void)
{
    unsigned r = rnd() % 8;
    return r < 5 ? r : 7;
}

static void gen_prog(struct fix *f, struct prog *pg, uint64_t seed)
{
    rng_state = seed;
    li(f, pg, DATA_REG, DATA);
    for (unsigned r = 5; r <= 15; r++) {
        static const uint64_t seeds[] = {0,
                                         1,
                                         UINT64_MAX,
                                         0x8000000000000000ull,
                                         0x7fffffff,
                                         0x80000000ull,
                                         0xffffffff80000000ull,
                                         0x123456789abcdefull};
        uint64_t v = rnd() % 3 ? seeds[rnd() % ARRAY_SIZE(seeds)] : (uint64_t)rnd() << 32 | rnd();
        li(f, pg, r, v);
    }
    for (unsigned i = 0; i < 8; i++) /* f0..f7 from integer registers */
        E(FMV_D_X, enc_r(0x79, 0, 5 + i, 0, i, OPC_OP_FP));
    E(CSRRWI, enc_i(RV_CSR_FRM, rnd() % 5, 5, 0, OPC_SYSTEM)); /* fsrmi */
    for (unsigned n = 0; n < 300; n++) {
        unsigned kind = rnd() % 16;
        if (kind < 6) {
            const struct rop *o = &rops[rnd() % ARRAY_SIZE(rops)];
            emit(f, pg, o->op, enc_r(o->f7, rreg(), rreg(), o->f3, wreg(), o->opc));
        } else if (kind < 10) {
            const struct iop *o = &iops[rnd() % ARRAY_SIZE(iops)];
            uint32_t imm = o->sh == 0       ? rnd() & 0xfff
                           : o->sh == 0x100 ? o->imm
                                            : o->imm | (rnd() & o->sh);
            emit(f, pg, o->op, enc_i((int32_t)imm, rreg(), o->f3, wreg(), o->opc));
        } else if (kind < 12) {
            static const unsigned lops[] = {RV_OP_LB,  RV_OP_LH,  RV_OP_LW, RV_OP_LD,
                                            RV_OP_LBU, RV_OP_LHU, RV_OP_LWU};
            static const unsigned lf3[] = {0, 1, 2, 3, 4, 5, 6};
            static const unsigned sops[] = {RV_OP_SB, RV_OP_SH, RV_OP_SW, RV_OP_SD};
            int32_t off = (int32_t)(rnd() % 2040);
            if (rnd() % 2) {
                unsigned k = rnd() % ARRAY_SIZE(lops);
                emit(f, pg, lops[k], enc_i(off, DATA_REG, lf3[k], wreg(), OPC_LOAD));
            } else {
                unsigned k = rnd() % ARRAY_SIZE(sops);
                emit(f, pg, sops[k], enc_s(off, rreg(), DATA_REG, k, OPC_STORE));
            }
        } else if (kind < 14) {
            const struct fop *o = &fops[rnd() % ARRAY_SIZE(fops)];
            unsigned f3 = o->f3 < 0 ? rm() : (unsigned)o->f3;
            unsigned rs2 = o->rs2 < 0 ? rnd() % 8 : (unsigned)o->rs2;
            unsigned rs1 = o->xrs1 ? rreg() : rnd() % 8;
            unsigned rd = o->xrd ? wreg() : rnd() % 8;
            unsigned fmt = o->op == RV_OP_FCVT_S_D ? 0 : 1;
            emit(f, pg, o->op, enc_r(o->f5 << 2 | fmt, rs2, rs1, f3, rd, OPC_OP_FP));
            if (o->op == RV_OP_FCVT_S_D) /* back to a double, NaN-boxing checked on the way */
                E(FCVT_D_S, enc_r(0x08 << 2 | 1, 0, rd, rm(), rd, OPC_OP_FP));
        } else if (kind == 14) {
            /* fmadd.d, fsd + fld, or a fallback op (amoadd.d, csrr fflags) */
            unsigned w = rnd() % 4;
            if (w == 0)
                E(FMADD_D, (rnd() % 8) << 27 | 1u << 25 | (rnd() % 8) << 20 | (rnd() % 8) << 15 |
                               rm() << 12 | (rnd() % 8) << 7 | OPC_MADD);
            else if (w == 1)
                E(FSD, enc_s((int32_t)(rnd() % 2040), rnd() % 8, DATA_REG, 3, OPC_STORE_FP));
            else if (w == 2)
                E(AMOADD_D, enc_amo(0x00, true, wreg(), DATA_REG, rreg()));
            else
                E(CSRRS, enc_i(RV_CSR_FFLAGS, 0, 2, wreg(), OPC_SYSTEM));
        } else {
            static const unsigned bops[] = {RV_OP_BEQ, RV_OP_BNE,  RV_OP_BLT,
                                            RV_OP_BGE, RV_OP_BLTU, RV_OP_BGEU};
            static const unsigned bf3[] = {0, 1, 4, 5, 6, 7};
            unsigned k = rnd() % ARRAY_SIZE(bops);
            emit(f, pg, bops[k], enc_b(8, rreg(), rreg(), bf3[k])); /* may skip the next one */
            E(ADDI, enc_i((int32_t)(rnd() & 0xfff), rreg(), 0, wreg(), OPC_OP_IMM));
        }
    }
    E(CSRRS, enc_i(RV_CSR_FCSR, 0, 2, 31, OPC_SYSTEM)); /* x31 = fcsr */
}

static void fix_with_jit(struct fix *f, bool cosim)
{
    fix_init(f);
    struct jit_options o = {.cosim = cosim};
    jit_init(&f->p, &o);
}

/* ---- a callback that flushes ---- */

struct flush_plan {
    struct fix *f;    /* where checks count */
    struct vcpu *cpu; /* the vCPU whose process's cache is flushed */
    int calls;
    uint8_t state[64]; /* stands in for cpu->plg: level at 0, plugin at 8 (the stand-ins above) */
};

static struct flush_plan flush_plan;

static void flushing_cb(unsigned int vcpu_index, void *udata)
{
    struct flush_plan *fp = udata;
    CHECK_EQ(fp->f, fp->state[0], 0);                               /* no register access */
    CHECK(fp->f, *(void **)(fp->state + 8) == (void *)&flush_plan); /* the owner */
    if (fp->calls++ == 0) {
        /* Flush, then compile a block at once (the rest of the program, as long as the block
         * this callback returns into): were the code memory reused already, it would overwrite
         * the code this callback returns into. */
        tb_flush_exclusive(fp->cpu->proc);
        CHECK(fp->f, tb_find(fp->cpu, CODE + 8) != NULL);
    }
}

/* A callback before the instruction at CODE + 4, in whichever block holds it. */
static struct plg_tb_instr *flush_instrument(struct fix *f, gaddr_t pc, unsigned n,
                                             const struct plg_insn_desc *insns)
{
    unsigned k = 0;
    while (k < n && insns[k].vaddr != CODE + 4)
        k++;
    if (k == n)
        return NULL;
    struct plg_tb_instr *ti = calloc(1, sizeof *ti);
    ti->n_insns = n;
    ti->insn = calloc(n, sizeof *ti->insn);
    ti->mem = calloc(n, sizeof *ti->mem);
    ti->insn[k] = (struct plg_action_list){.n = 1, .a = calloc(1, sizeof(struct plg_action))};
    ti->insn[k].a[0] = (struct plg_action){
        .kind = PLG_ACT_CB, .cb = flushing_cb, .udata = &flush_plan, .owner = &flush_plan};
    return ti;
}

static void test_flushing_callback(struct fix *t)
{
    static struct fix f;
    static struct prog pg;
    fix_with_jit(&f, false);
    flush_plan.f = t;
    flush_plan.cpu = f.cpu;
    f.cpu->plg = (struct plg_vcpu *)(void *)flush_plan.state;
    f.instrument = flush_instrument;
    plg_active = true;
    for (int i = 0; i < 40; i++)
        emit(t, &pg, RV_OP_ADDI, enc_i(1, 10, 0, 10, OPC_OP_IMM)); /* a0 += 1 */
    pg.w[pg.n++] = 0x00000073;
    if (mem_copy_to_guest(f.p.mem, CODE, pg.w, pg.n * 4) != 0)
        die("test: cannot write the program");
    uint64_t flushes = *tb_flush_counter(&f.p);
    const struct tb_backend *be = tb_get_backend(&f.p);
    f.cpu->pc = CODE;
    current_cpu = f.cpu; /* as cpu_loop sets it: the JIT asks who flushes */
    volatile int unwinds = 0;
    enum exit_reason r = EXIT_ATTENTION;
    if (sigsetjmp(f.cpu->fault_jmp, 0) == FAULT_JMP_PC_SET)
        unwinds++;
    do {
        r = be->run(be->opaque, f.cpu);
    } while (r == EXIT_ATTENTION);
    plg_active = false;
    current_cpu = NULL;
    CHECK_EQ(t, r, EXIT_ECALL);
    CHECK_EQ(t, unwinds, 1);
    CHECK_EQ(t, flush_plan.calls, 2);
    CHECK_EQ(t, f.cpu->x[10], 40);
    CHECK_EQ(t, *tb_flush_counter(&f.p), flushes + 1);
    CHECK_EQ(t, flush_plan.state[0], 0);
    CHECK(t, *(void **)(flush_plan.state + 8) == NULL);
    f.cpu->plg = NULL;
}

/* Copy the program in and run it from CODE through the installed engine up to its ecall. */
static enum exit_reason run_engine(struct fix *f, struct prog *pg)
{
    if (mem_copy_to_guest(f->p.mem, CODE, pg->w, pg->n * 4) != 0)
        die("test: cannot write the program");
    f->cpu->pc = CODE;
    const struct tb_backend *be = tb_get_backend(&f->p);
    enum exit_reason r;
    do {
        r = be ? be->run(be->opaque, f->cpu) : interp_run(f->cpu);
    } while (r == EXIT_ATTENTION);
    return r;
}

static void compare(struct fix *t, struct fix *a, struct fix *b, uint64_t seed)
{
    int before = t->failures;
    for (unsigned i = 0; i < 32; i++) {
        CHECK_EQ(t, a->cpu->x[i], b->cpu->x[i]);
        CHECK_EQ(t, a->cpu->f[i], b->cpu->f[i]);
    }
    CHECK_EQ(t, a->cpu->pc, b->cpu->pc);
    CHECK_EQ(t, a->cpu->fflags, b->cpu->fflags);
    CHECK(t, memcmp(g2h(a->p.mem, DATA), g2h(b->p.mem, DATA), DATA_SIZE) == 0);
    if (t->failures != before)
        printf("  (program seed %" PRIu64 ")\n", seed);
}

int main(void)
{
    static struct fix interp, jit, cosim, checker;
    static struct prog pg;
    fix_init(&interp);
    fix_with_jit(&jit, false);
    fix_with_jit(&cosim, true);
    checker = (struct fix){0};

    unsigned programs = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        pg.n = 0;
        gen_prog(&checker, &pg, seed);
        pg.w[pg.n++] = 0x00000073; /* ecall */
        memset(g2h(interp.p.mem, DATA), 0x5a, DATA_SIZE);
        memset(g2h(jit.p.mem, DATA), 0x5a, DATA_SIZE);
        memset(g2h(cosim.p.mem, DATA), 0x5a, DATA_SIZE);
        interp.cpu->fflags = jit.cpu->fflags = cosim.cpu->fflags = 0;
        enum exit_reason ri = run_engine(&interp, &pg);
        enum exit_reason rj = run_engine(&jit, &pg);
        enum exit_reason rc = run_engine(&cosim, &pg);
        CHECK_EQ(&checker, ri, EXIT_ECALL);
        CHECK_EQ(&checker, rj, EXIT_ECALL);
        CHECK_EQ(&checker, rc, EXIT_ECALL);
        compare(&checker, &interp, &jit, seed);
        compare(&checker, &interp, &cosim, seed);
        programs++;
    }

    test_flushing_callback(&checker);

    /* A divergence: change an addi's immediate in the compiled block's op list. */
    pg.n = 0;
    emit(&checker, &pg, RV_OP_ADDI, enc_i(5, 0, 0, 10, OPC_OP_IMM));
    emit(&checker, &pg, RV_OP_ADDI, enc_i(7, 10, 0, 11, OPC_OP_IMM));
    emit(&checker, &pg, RV_OP_JAL, enc_j(4, 0)); /* ends the block: the ecall is not checked */
    pg.w[pg.n++] = 0x00000073;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        static struct fix c;
        fix_with_jit(&c, true);
        if (run_engine(&c, &pg) != EXIT_ECALL || c.cpu->x[11] != 12)
            _exit(3);
        struct tb *tb = tb_find(c.cpu, CODE);
        for (unsigned i = 0; tb && i < tb->n_ops; i++) {
            if (tb->ops[i].in.op == RV_OP_ADDI && tb->ops[i].in.rd == 11) {
                tb->ops[i].in.imm = 8; /* the interpreter now adds 8, the code 7 */
                c.cpu->pc = CODE;
                const struct tb_backend *be = tb_get_backend(&c.p);
                be->run(be->opaque, c.cpu);
                _exit(0); /* not detected */
            }
        }
        _exit(4);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 1)
        printf("cosim child: status 0x%x\n", st);
    CHECK(&checker, WIFEXITED(st) && WEXITSTATUS(st) == 1); /* die() after the cosim report */
    printf("%u random programs identical under the interpreter, the JIT and co-simulation; "
           "co-simulation %s a changed op; a flushing callback resumes at its instruction\n",
           programs, WIFEXITED(st) && WEXITSTATUS(st) == 1 ? "detects" : "MISSES");
    if (checker.failures) {
        printf("%d check(s) failed\n", checker.failures);
        return 1;
    }
    return 0;
}
