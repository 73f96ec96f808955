/* link: src/exec/tb.c src/exec/interp.c src/exec/cpu.c src/exec/exclusive.c src/exec/cpu_loop.c src/riscv/decode.c src/riscv/disas.c src/riscv/csr_names.c src/riscv/fpu.c src/riscv/fpu_soft.c src/mem/space.c src/mem/mmap.c src/mem/vma.c src/mem/maps.c src/util/common.c src/util/log.c */
/*
 * test_interp.c — unit tests of the execution engine on one thread: semantics of every
 * instruction group with their edge cases, traps and faults, block formation (page limits,
 * fetch faults, size limit, one-insn-per-tb), chaining, invalidation, flush, plugin ops, vCPU
 * index assignment and the -d in_asm/exec/cpu logs. Programs are encoded with the fixture's
 * self-checking encoders and run through interp_run() up to their ecall.
 */
#include "test_interp_fixture.h"

#include <unistd.h>

#include "../../src/util/log.h"

/* ---- one-instruction cases: rd = a0, rs1 = a1, rs2 = a2 ---- */

struct case2 {
    unsigned op;
    uint32_t w;
    uint64_t a, b, want;
};

static void run_cases(struct fix *f, const struct case2 *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct prog P = {0}, *pg = &P;
        emit(f, pg, c[i].op, c[i].w);
        f->cpu->x[A0] = 0xdeadbeef;
        f->cpu->x[A1] = c[i].a;
        f->cpu->x[A2] = c[i].b;
        enum exit_reason r = run_prog(f, pg);
        if (r != EXIT_ECALL || f->cpu->x[A0] != c[i].want) {
            printf("%s(0x%" PRIx64 ", 0x%" PRIx64 ") = 0x%" PRIx64 " (exit %d), expected 0x%" PRIx64
                   "\n",
                   rv_op_name[c[i].op], c[i].a, c[i].b, f->cpu->x[A0], r, c[i].want);
            f->failures++;
        }
    }
}

#define RR(op, f7, f3, opc) RV_OP_##op, enc_r(f7, A2, A1, f3, A0, opc)
#define RI(op, imm, f3, opc) RV_OP_##op, enc_i(imm, A1, f3, A0, opc)
#define M1 UINT64_MAX
#define MIN64 0x8000000000000000ull

static void test_rv64i(struct fix *f)
{
    const struct case2 c[] = {
        {RR(ADD, 0, 0, OPC_OP), 5, 7, 12},
        {RR(ADD, 0, 0, OPC_OP), M1, 1, 0},
        {RR(SUB, 0x20, 0, OPC_OP), 5, 7, (uint64_t)-2},
        {RR(SLL, 0, 1, OPC_OP), 1, 63, MIN64},
        {RR(SLL, 0, 1, OPC_OP), 1, 64, 1},
        {RR(SLL, 0, 1, OPC_OP), 1, 65, 2},
        {RR(SLT, 0, 2, OPC_OP), M1, 0, 1},
        {RR(SLTU, 0, 3, OPC_OP), M1, 0, 0},
        {RR(XOR, 0, 4, OPC_OP), 0xf0, 0xff, 0x0f},
        {RR(SRL, 0, 5, OPC_OP), MIN64, 63, 1},
        {RR(SRA, 0x20, 5, OPC_OP), MIN64, 63, M1},
        {RR(SRA, 0x20, 5, OPC_OP), MIN64, 127, M1},
        {RR(OR, 0, 6, OPC_OP), 0xf0, 0x0f, 0xff},
        {RR(AND, 0, 7, OPC_OP), 0xf0, 0x3c, 0x30},
        {RI(ADDI, -1, 0, OPC_OP_IMM), 0, 0, M1},
        {RI(SLTI, -4, 2, OPC_OP_IMM), (uint64_t)-5, 0, 1},
        {RI(SLTIU, -1, 3, OPC_OP_IMM), 5, 0, 1},
        {RI(XORI, -1, 4, OPC_OP_IMM), 0x1234, 0, ~0x1234ull},
        {RI(ORI, 0x7ff, 6, OPC_OP_IMM), 0x1000, 0, 0x17ff},
        {RI(ANDI, -16, 7, OPC_OP_IMM), 0x1234, 0, 0x1230},
        {RI(SLLI, 63, 1, OPC_OP_IMM), 1, 0, MIN64},
        {RI(SRLI, 63, 5, OPC_OP_IMM), MIN64, 0, 1},
        {RI(SRAI, 0x400 | 63, 5, OPC_OP_IMM), MIN64, 0, M1},
        {RV_OP_LUI, enc_u(0x80000, A0, OPC_LUI), 0, 0, 0xffffffff80000000ull},
        {RV_OP_AUIPC, enc_u(1, A0, OPC_AUIPC), 0, 0, CODE + 0x1000},
        {RV_OP_AUIPC, enc_u(0xfffff, A0, OPC_AUIPC), 0, 0, CODE - 0x1000},
        {RI(ADDIW, 1, 0, OPC_OP_IMM_32), 0x7fffffff, 0, 0xffffffff80000000ull},
        {RI(ADDIW, 0, 0, OPC_OP_IMM_32), 0x123456789ull, 0, 0x23456789},
        {RI(SLLIW, 31, 1, OPC_OP_IMM_32), 1, 0, 0xffffffff80000000ull},
        {RI(SRLIW, 31, 5, OPC_OP_IMM_32), 0xffffffff80000000ull, 0, 1},
        {RI(SRLIW, 0, 5, OPC_OP_IMM_32), 0x80000000ull, 0, 0xffffffff80000000ull},
        {RI(SRAIW, 0x400 | 31, 5, OPC_OP_IMM_32), 0x80000000ull, 0, M1},
        {RR(ADDW, 0, 0, OPC_OP_32), 0x7fffffff, 1, 0xffffffff80000000ull},
        {RR(SUBW, 0x20, 0, OPC_OP_32), 0x100000000ull, 0, 0},
        {RR(SUBW, 0x20, 0, OPC_OP_32), 0, 1, M1},
        {RR(SLLW, 0, 1, OPC_OP_32), 1, 33, 2},
        {RR(SRLW, 0, 5, OPC_OP_32), 0xffffffff80000000ull, 31, 1},
        {RR(SRAW, 0x20, 5, OPC_OP_32), 0x80000000ull, 63, M1},
    };
    run_cases(f, c, ARRAY_SIZE(c));
}

static void test_rv64m(struct fix *f)
{
    const struct case2 c[] = {
        {RR(MUL, 1, 0, OPC_OP), M1, M1, 1},
        {RR(MULH, 1, 1, OPC_OP), MIN64, MIN64, 0x4000000000000000ull},
        {RR(MULH, 1, 1, OPC_OP), M1, 1, M1},
        {RR(MULHSU, 1, 2, OPC_OP), M1, M1, M1},
        {RR(MULHSU, 1, 2, OPC_OP), 2, M1, 1},
        {RR(MULHU, 1, 3, OPC_OP), M1, M1, M1 - 1},
        {RR(DIV, 1, 4, OPC_OP), 7, 0, M1},
        {RR(DIV, 1, 4, OPC_OP), MIN64, M1, MIN64},
        {RR(DIV, 1, 4, OPC_OP), (uint64_t)-7, 2, (uint64_t)-3},
        {RR(DIVU, 1, 5, OPC_OP), 7, 0, M1},
        {RR(DIVU, 1, 5, OPC_OP), M1, 2, M1 / 2},
        {RR(REM, 1, 6, OPC_OP), 7, 0, 7},
        {RR(REM, 1, 6, OPC_OP), MIN64, M1, 0},
        {RR(REM, 1, 6, OPC_OP), (uint64_t)-7, 2, M1},
        {RR(REMU, 1, 7, OPC_OP), 7, 0, 7},
        {RR(MULW, 1, 0, OPC_OP_32), 0x10000, 0x10000, 0},
        {RR(MULW, 1, 0, OPC_OP_32), 0x7fffffff, 2, (uint64_t)-2},
        {RR(DIVW, 1, 4, OPC_OP_32), 0x80000000ull, M1, 0xffffffff80000000ull},
        {RR(DIVW, 1, 4, OPC_OP_32), 7, 0, M1},
        {RR(DIVW, 1, 4, OPC_OP_32), 0x100000007ull, 2, 3},
        {RR(DIVUW, 1, 5, OPC_OP_32), 0xffffffff, 1, M1},
        {RR(DIVUW, 1, 5, OPC_OP_32), 5, 0, M1},
        {RR(REMW, 1, 6, OPC_OP_32), 0x80000000ull, M1, 0},
        {RR(REMW, 1, 6, OPC_OP_32), (uint64_t)-7, 0, (uint64_t)-7},
        {RR(REMUW, 1, 7, OPC_OP_32), 0x80000000ull, 0, 0xffffffff80000000ull},
        {RR(REMUW, 1, 7, OPC_OP_32), 7, 5, 2},
    };
    run_cases(f, c, ARRAY_SIZE(c));
}

static void test_zb(struct fix *f)
{
    const struct case2 c[] = {
        {RR(SH1ADD, 0x10, 2, OPC_OP), 3, 4, 10},
        {RR(SH2ADD, 0x10, 4, OPC_OP), 3, 4, 16},
        {RR(SH3ADD, 0x10, 6, OPC_OP), 3, 4, 28},
        {RR(ADD_UW, 0x04, 0, OPC_OP_32), 0xffffffff00000001ull, 1, 2},
        {RR(SH1ADD_UW, 0x10, 2, OPC_OP_32), 0xffffffff80000000ull, 0, 0x100000000ull},
        {RR(SH2ADD_UW, 0x10, 4, OPC_OP_32), 0xffffffff00000001ull, 1, 5},
        {RR(SH3ADD_UW, 0x10, 6, OPC_OP_32), 0xffffffff00000001ull, 1, 9},
        {RI(SLLI_UW, 0x080 | 1, 1, OPC_OP_IMM_32), 0xffffffff80000000ull, 0, 0x100000000ull},
        {RR(ANDN, 0x20, 7, OPC_OP), 0xff, 0x0f, 0xf0},
        {RR(ORN, 0x20, 6, OPC_OP), 0, 0xff, ~0xffull},
        {RR(XNOR, 0x20, 4, OPC_OP), 0xff, 0x0f, ~0xf0ull},
        {RI(CLZ, 0x600, 1, OPC_OP_IMM), 0, 0, 64},
        {RI(CLZ, 0x600, 1, OPC_OP_IMM), 1, 0, 63},
        {RI(CTZ, 0x601, 1, OPC_OP_IMM), 0, 0, 64},
        {RI(CTZ, 0x601, 1, OPC_OP_IMM), MIN64, 0, 63},
        {RI(CPOP, 0x602, 1, OPC_OP_IMM), 0xff00ff, 0, 16},
        {RI(CLZW, 0x600, 1, OPC_OP_IMM_32), 0xffffffff00000000ull, 0, 32},
        {RI(CLZW, 0x600, 1, OPC_OP_IMM_32), 1, 0, 31},
        {RI(CTZW, 0x601, 1, OPC_OP_IMM_32), 0x100000000ull, 0, 32},
        {RI(CPOPW, 0x602, 1, OPC_OP_IMM_32), 0xffffffffffull, 0, 32},
        {RR(MAX, 0x05, 6, OPC_OP), M1, 1, 1},
        {RR(MAXU, 0x05, 7, OPC_OP), M1, 1, M1},
        {RR(MIN, 0x05, 4, OPC_OP), M1, 1, M1},
        {RR(MINU, 0x05, 5, OPC_OP), M1, 1, 1},
        {RI(SEXT_B, 0x604, 1, OPC_OP_IMM), 0x180, 0, (uint64_t)-128},
        {RI(SEXT_H, 0x605, 1, OPC_OP_IMM), 0x18000, 0, 0xffffffffffff8000ull},
        {RV_OP_ZEXT_H, enc_r(0x04, 0, A1, 4, A0, OPC_OP_32), 0x12345678abcdull, 0, 0xabcd},
        {RR(ROL, 0x30, 1, OPC_OP), 0x8000000000000001ull, 1, 3},
        {RR(ROR, 0x30, 5, OPC_OP), 1, 1, MIN64},
        {RR(ROR, 0x30, 5, OPC_OP), 0x1234, 64, 0x1234},
        {RI(RORI, 0x600 | 63, 5, OPC_OP_IMM), 1, 0, 2},
        {RR(ROLW, 0x30, 1, OPC_OP_32), 0x80000001ull, 1, 3},
        {RR(RORW, 0x30, 5, OPC_OP_32), 1, 1, 0xffffffff80000000ull},
        {RI(RORIW, 0x600 | 1, 5, OPC_OP_IMM_32), 0xf00000001ull, 0, 0xffffffff80000000ull},
        {RI(ORC_B, 0x287, 5, OPC_OP_IMM), 0x0100000000002000ull, 0, 0xff0000000000ff00ull},
        {RI(REV8, 0x6b8, 5, OPC_OP_IMM), 0x0102030405060708ull, 0, 0x0807060504030201ull},
        {RR(BCLR, 0x24, 1, OPC_OP), 0xff, 67, 0xf7},
        {RI(BCLRI, 0x480 | 63, 1, OPC_OP_IMM), M1, 0, M1 >> 1},
        {RR(BEXT, 0x24, 5, OPC_OP), MIN64, 63, 1},
        {RI(BEXTI, 0x480 | 4, 5, OPC_OP_IMM), 0x10, 0, 1},
        {RR(BINV, 0x34, 1, OPC_OP), 0, 5, 32},
        {RI(BINVI, 0x680 | 0, 1, OPC_OP_IMM), 1, 0, 0},
        {RR(BSET, 0x14, 1, OPC_OP), 0, 63, MIN64},
        {RI(BSETI, 0x280 | 1, 1, OPC_OP_IMM), 1, 0, 3},
    };
    run_cases(f, c, ARRAY_SIZE(c));
}

/* ---- control flow ---- */

static void test_branches(struct fix *f)
{
    static const struct {
        unsigned op, f3;
        uint64_t a, b;
        bool taken;
    } c[] = {
        {RV_OP_BEQ, 0, 5, 5, true},    {RV_OP_BEQ, 0, 5, 6, false},   {RV_OP_BNE, 1, 5, 6, true},
        {RV_OP_BNE, 1, 5, 5, false},   {RV_OP_BLT, 4, M1, 0, true},   {RV_OP_BLT, 4, 0, M1, false},
        {RV_OP_BGE, 5, 0, M1, true},   {RV_OP_BGE, 5, M1, 0, false},  {RV_OP_BGE, 5, 3, 3, true},
        {RV_OP_BLTU, 6, 0, M1, true},  {RV_OP_BLTU, 6, M1, 0, false}, {RV_OP_BGEU, 7, M1, 0, true},
        {RV_OP_BGEU, 7, 0, M1, false},
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct prog P = {0}, *pg = &P;
        emit(f, pg, c[i].op, enc_b(8, A2, A1, c[i].f3));
        E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
        f->cpu->x[A0] = 0;
        f->cpu->x[A1] = c[i].a;
        f->cpu->x[A2] = c[i].b;
        CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
        CHECK_EQ(f, f->cpu->pc, CODE + 8);
        if (f->cpu->x[A0] != (c[i].taken ? 0u : 1u)) {
            printf("%s(0x%" PRIx64 ", 0x%" PRIx64 ") taken=%d wrong\n", rv_op_name[c[i].op], c[i].a,
                   c[i].b, (int)c[i].taken);
            f->failures++;
        }
    }

    /* jal links and skips */
    struct prog P = {0}, *pg = &P;
    E(JAL, enc_j(8, RA));
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
    f->cpu->x[A0] = 0;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[RA], CODE + 4);
    CHECK_EQ(f, f->cpu->x[A0], 0);

    /* jalr clears bit 0 of the target, and rd == rs1 reads the old value */
    pg->n = 0;
    E(JALR, enc_i(0, A1, 0, A1, OPC_JALR));
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
    f->cpu->x[A0] = 0;
    f->cpu->x[A1] = CODE + 9;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A1], CODE + 4);
    CHECK_EQ(f, f->cpu->x[A0], 0);

    /* writes to x0 are discarded */
    pg->n = 0;
    E(ADDI, enc_i(5, ZERO, 0, ZERO, OPC_OP_IMM));
    E(ADD, enc_r(0, ZERO, ZERO, 0, A0, OPC_OP));
    f->cpu->x[A0] = 7;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 0);
    CHECK_EQ(f, f->cpu->x[0], 0);

    /* a chained loop */
    pg->n = 0;
    E(ADDI, enc_i(0, ZERO, 0, A0, OPC_OP_IMM));
    E(ADDI, enc_i(1000, ZERO, 0, A1, OPC_OP_IMM));
    E(ADDI, enc_i(2, A0, 0, A0, OPC_OP_IMM));
    E(ADDI, enc_i(-1, A1, 0, A1, OPC_OP_IMM));
    E(BNE, enc_b(-8, ZERO, A1, 1));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 2000);
    struct tb *loop = tb_find(f->cpu, CODE + 8);
    CHECK(f, loop && loop->next[TB_NEXT_TAKEN] == loop);
    CHECK(f, loop && loop->next[TB_NEXT_FALL] && loop->next[TB_NEXT_FALL]->pc == CODE + 20);

    /* fence and fence.i continue with the next instruction */
    pg->n = 0;
    E(FENCE, 0x0ff0000f);
    E(FENCE_I, 0x0000100f);
    E(ADDI, enc_i(9, ZERO, 0, A0, OPC_OP_IMM));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 9);
}

/* ---- memory ---- */

static void test_loads_stores(struct fix *f)
{
    struct prog P = {0}, *pg = &P;
    E(SD, enc_s(0, A2, A1, 3, OPC_STORE));
    E(LB, enc_i(0, A1, 0, A3, OPC_LOAD));
    E(LBU, enc_i(0, A1, 4, A4, OPC_LOAD));
    E(LH, enc_i(0, A1, 1, A5, OPC_LOAD));
    E(LHU, enc_i(0, A1, 5, A6, OPC_LOAD));
    E(LW, enc_i(0, A1, 2, A7, OPC_LOAD));
    E(LWU, enc_i(0, A1, 6, T0, OPC_LOAD));
    E(LD, enc_i(0, A1, 3, T1, OPC_LOAD));
    E(SB, enc_s(9, A2, A1, 0, OPC_STORE));
    E(SH, enc_s(10, A2, A1, 1, OPC_STORE));
    E(SW, enc_s(12, A2, A1, 2, OPC_STORE));
    E(SD, enc_s(19, A2, A1, 3, OPC_STORE)); /* misaligned */
    E(LD, enc_i(19, A1, 3, T2, OPC_LOAD));
    E(LD, enc_i(8, A1, 3, S1, OPC_LOAD));
    E(LW, enc_i(-4, A0, 2, S0, OPC_LOAD)); /* negative offset */
    f->cpu->x[A1] = DATA;
    f->cpu->x[A0] = DATA + 16;
    f->cpu->x[A2] = 0x8081828384858687ull;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A3], 0xffffffffffffff87ull);
    CHECK_EQ(f, f->cpu->x[A4], 0x87);
    CHECK_EQ(f, f->cpu->x[A5], 0xffffffffffff8687ull);
    CHECK_EQ(f, f->cpu->x[A6], 0x8687);
    CHECK_EQ(f, f->cpu->x[A7], 0xffffffff84858687ull);
    CHECK_EQ(f, f->cpu->x[T0], 0x84858687);
    CHECK_EQ(f, f->cpu->x[T1], 0x8081828384858687ull);
    CHECK_EQ(f, f->cpu->x[T2], 0x8081828384858687ull);
    CHECK_EQ(f, f->cpu->x[S1], 0x8485868786878700ull);
    CHECK_EQ(f, f->cpu->x[S0], 0xffffffff84858687ull);

    /* beyond the guest space: SIGSEGV/MAPERR at the address, pc at the load */
    pg->n = 0;
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
    E(LD, enc_i(0, A1, 3, A2, OPC_LOAD));
    f->cpu->x[A1] = GUEST_SPACE - 4;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->pc, CODE + 4);
    CHECK_EQ(f, f->cpu->fault.sig, SIGSEGV);
    CHECK_EQ(f, f->cpu->fault.code, SEGV_MAPERR);
    CHECK_EQ(f, f->cpu->fault.addr, GUEST_SPACE - 4);
    CHECK_EQ(f, f->cpu->x[A0], 1);
    f->cpu->x[A1] = (uint64_t)-8;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.addr, (uint64_t)-8);
}

enum {
    F5_ADD = 0,
    F5_SWAP = 1,
    F5_LR = 2,
    F5_SC = 3,
    F5_XOR = 4,
    F5_OR = 8,
    F5_AND = 12,
    F5_MIN = 16,
    F5_MAX = 20,
    F5_MINU = 24,
    F5_MAXU = 28
};

/* One AMO at DATA with memory initialised to mem; returns rd, *after = new memory. */
static uint64_t amo1(struct fix *f, unsigned op, unsigned f5, bool d, uint64_t mem, uint64_t src,
                     uint64_t *after)
{
    struct prog P = {0}, *pg = &P;
    emit(f, pg, op, enc_amo(f5, d, A0, A1, A2));
    mem_copy_to_guest(f->p.mem, DATA, &mem, 8);
    f->cpu->x[A1] = DATA;
    f->cpu->x[A2] = src;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    mem_copy_from_guest(f->p.mem, after, DATA, 8);
    return f->cpu->x[A0];
}

static void test_atomics(struct fix *f)
{
    static const struct {
        unsigned op, f5;
        bool d;
        uint64_t mem, src, rd, after;
    } c[] = {
        {RV_OP_AMOADD_W, F5_ADD, false, 0x80000000, 1, 0xffffffff80000000ull, 0x80000001},
        {RV_OP_AMOADD_W, F5_ADD, false, 0x1ffffffffull, 1, M1, 0x100000000ull},
        {RV_OP_AMOSWAP_W, F5_SWAP, false, 0xaaaaaaaa11111111ull, 0x22222222, 0x11111111,
         0xaaaaaaaa22222222ull},
        {RV_OP_AMOXOR_W, F5_XOR, false, 0xff, 0x0f, 0xff, 0xf0},
        {RV_OP_AMOAND_W, F5_AND, false, 0xff, 0x0f, 0xff, 0x0f},
        {RV_OP_AMOOR_W, F5_OR, false, 0xf0, 0x0f, 0xf0, 0xff},
        {RV_OP_AMOMIN_W, F5_MIN, false, 0xffffffff, 1, M1, 0xffffffff},
        {RV_OP_AMOMAX_W, F5_MAX, false, 0xffffffff, 1, M1, 1},
        {RV_OP_AMOMINU_W, F5_MINU, false, 0xffffffff, 1, M1, 1},
        {RV_OP_AMOMAXU_W, F5_MAXU, false, 0xffffffff, 1, M1, 0xffffffff},
        {RV_OP_AMOADD_D, F5_ADD, true, M1, 2, M1, 1},
        {RV_OP_AMOSWAP_D, F5_SWAP, true, 5, 6, 5, 6},
        {RV_OP_AMOXOR_D, F5_XOR, true, M1, 1, M1, M1 - 1},
        {RV_OP_AMOAND_D, F5_AND, true, M1, 0xf0, M1, 0xf0},
        {RV_OP_AMOOR_D, F5_OR, true, 0x100, 1, 0x100, 0x101},
        {RV_OP_AMOMIN_D, F5_MIN, true, M1, 1, M1, M1},
        {RV_OP_AMOMAX_D, F5_MAX, true, M1, 1, M1, 1},
        {RV_OP_AMOMINU_D, F5_MINU, true, M1, 1, M1, 1},
        {RV_OP_AMOMAXU_D, F5_MAXU, true, M1, 1, M1, M1},
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        uint64_t after;
        uint64_t rd = amo1(f, c[i].op, c[i].f5, c[i].d, c[i].mem, c[i].src, &after);
        if (rd != c[i].rd || after != c[i].after) {
            printf("%s mem 0x%" PRIx64 " src 0x%" PRIx64 ": rd 0x%" PRIx64 " mem 0x%" PRIx64 "\n",
                   rv_op_name[c[i].op], c[i].mem, c[i].src, rd, after);
            f->failures++;
        }
    }

    /* lr/sc: success, then sc without a reservation fails */
    struct prog P = {0}, *pg = &P;
    uint64_t v = 0x1111111122222222ull, got;
    mem_copy_to_guest(f->p.mem, DATA, &v, 8);
    E(LR_W, enc_amo(F5_LR, false, A0, A1, 0));
    E(SC_W, enc_amo(F5_SC, false, A3, A1, A2));
    E(SC_W, enc_amo(F5_SC, false, A4, A1, A2));
    f->cpu->x[A1] = DATA;
    f->cpu->x[A2] = 0x33333333;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    mem_copy_from_guest(f->p.mem, &got, DATA, 8);
    CHECK_EQ(f, f->cpu->x[A0], 0x22222222);
    CHECK_EQ(f, f->cpu->x[A3], 0);
    CHECK_EQ(f, f->cpu->x[A4], 1);
    CHECK_EQ(f, got, 0x1111111133333333ull);

    /* sc after an intervening store of another value fails; lr.w sign-extends */
    pg->n = 0;
    v = 0x80000000;
    mem_copy_to_guest(f->p.mem, DATA, &v, 8);
    E(LR_W, enc_amo(F5_LR, false, A0, A1, 0));
    E(SW, enc_s(0, A5, A1, 2, OPC_STORE));
    E(SC_W, enc_amo(F5_SC, false, A3, A1, A2));
    f->cpu->x[A5] = 7;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    mem_copy_from_guest(f->p.mem, &got, DATA, 8);
    CHECK_EQ(f, f->cpu->x[A0], 0xffffffff80000000ull);
    CHECK_EQ(f, f->cpu->x[A3], 1);
    CHECK_EQ(f, got, 7);

    /* sc.d to another address than the reservation fails and stores nothing */
    pg->n = 0;
    E(LR_D, enc_amo(F5_LR, true, A0, A1, 0));
    E(SC_D, enc_amo(F5_SC, true, A3, A4, A2));
    f->cpu->x[A4] = DATA + 8;
    mem_copy_to_guest(f->p.mem, DATA + 8, &v, 8);
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    mem_copy_from_guest(f->p.mem, &got, DATA + 8, 8);
    CHECK_EQ(f, f->cpu->x[A3], 1);
    CHECK_EQ(f, got, v);

    /* lr.d/sc.d success with rd == rs2 */
    pg->n = 0;
    E(LR_D, enc_amo(F5_LR, true, A0, A1, 0));
    E(SC_D, enc_amo(F5_SC, true, A2, A1, A2));
    f->cpu->x[A2] = 0x5555;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    mem_copy_from_guest(f->p.mem, &got, DATA, 8);
    CHECK_EQ(f, f->cpu->x[A2], 0);
    CHECK_EQ(f, got, 0x5555);

    /* misaligned atomics: SIGBUS/BUS_ADRALN at the pc */
    pg->n = 0;
    E(AMOADD_W, enc_amo(F5_ADD, false, A0, A1, A2));
    f->cpu->x[A1] = DATA + 2;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.sig, SIGBUS);
    CHECK_EQ(f, f->cpu->fault.code, BUS_ADRALN);
    CHECK_EQ(f, f->cpu->fault.addr, CODE);
    pg->n = 0;
    E(LR_D, enc_amo(F5_LR, true, A0, A1, 0));
    f->cpu->x[A1] = DATA + 4;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.sig, SIGBUS);
}

/* ---- CSRs, FP, traps ---- */

static uint32_t csr(unsigned f3, unsigned csrno, unsigned rs1, unsigned rd)
{
    return csrno << 20 | rs1 << 15 | f3 << 12 | rd << 7 | OPC_SYSTEM;
}

static void test_csr(struct fix *f)
{
    struct prog P = {0}, *pg = &P;
    E(CSRRWI, csr(5, 0x002, 3, ZERO));  /* frm = 3 */
    E(CSRRS, csr(2, 0x003, ZERO, A0));  /* a0 = fcsr */
    E(CSRRWI, csr(5, 0x001, 0x1f, A1)); /* a1 = fflags (0), fflags = 0x1f */
    E(CSRRCI, csr(7, 0x001, 1, A2));    /* a2 = 0x1f, fflags = 0x1e */
    E(CSRRS, csr(2, 0x003, ZERO, A3));  /* a3 = 0x7e */
    E(CSRRW, csr(1, 0x003, A5, A4));    /* a4 = 0x7e, fcsr = 0xfff */
    E(CSRRS, csr(2, 0x002, ZERO, A6));  /* a6 = frm = 7 */
    E(CSRRS, csr(2, 0xc00, ZERO, A7));  /* cycle */
    E(CSRRSI, csr(6, 0xc02, 0, T0));    /* instret, uimm 0: no write */
    E(CSRRS, csr(2, 0xc01, ZERO, T1));  /* time */
    f->cpu->fflags = 0;
    f->cpu->frm = 0;
    f->cpu->x[A5] = 0xfff;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 0x60);
    CHECK_EQ(f, f->cpu->x[A1], 0);
    CHECK_EQ(f, f->cpu->x[A2], 0x1f);
    CHECK_EQ(f, f->cpu->x[A3], 0x7e);
    CHECK_EQ(f, f->cpu->x[A4], 0x7e);
    CHECK_EQ(f, f->cpu->x[A6], 7);
    CHECK_EQ(f, f->cpu->fflags, 0x1f);
    CHECK(f, f->cpu->x[A7] != 0 && f->cpu->x[T0] != 0 && f->cpu->x[T1] != 0);

    static const uint32_t bad[] = {
        0xc0059073, /* csrrw zero, cycle, a1 */
        0x30002573, /* csrrs a0, mstatus, zero */
        0xc0115073, /* csrrwi zero, time, 2 */
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct insn in;
        rv_decode(bad[i], &in);
        pg->n = 0;
        emit(f, pg, in.op, bad[i]);
        CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
        CHECK_EQ(f, f->cpu->fault.sig, SIGILL);
        CHECK_EQ(f, f->cpu->fault.code, ILL_ILLOPC);
        CHECK_EQ(f, f->cpu->fault.addr, CODE);
    }
}

static uint64_t dbits(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
}

static void test_fp(struct fix *f)
{
    struct prog P = {0}, *pg = &P;
    E(FMV_D_X, enc_r(0x79, 0, A1, 0, 1, OPC_OP_FP));
    E(FMV_D_X, enc_r(0x79, 0, A2, 0, 2, OPC_OP_FP));
    E(FADD_D, enc_r(0x01, 2, 1, 0, 3, OPC_OP_FP)); /* f3 = f1 + f2, rne */
    E(FMV_X_D, enc_r(0x71, 0, 3, 0, A0, OPC_OP_FP));
    E(FMADD_D, 2u << 27 | 1u << 25 | 2 << 20 | 1 << 15 | 7 << 12 | 4 << 7 | OPC_MADD);
    E(FMV_X_D, enc_r(0x71, 0, 4, 0, A3, OPC_OP_FP)); /* f1 * f2 + f2 */
    E(FLW, enc_i(0, A4, 2, 5, OPC_LOAD_FP));
    E(FMV_X_D, enc_r(0x71, 0, 5, 0, A5, OPC_OP_FP));
    E(FSW, enc_s(8, 5, A4, 2, OPC_STORE_FP));
    E(FLD, enc_i(8, A4, 3, 6, OPC_LOAD_FP));
    E(FMV_X_D, enc_r(0x71, 0, 6, 0, A6, OPC_OP_FP));
    E(FCVT_W_D, enc_r(0x61, 0, 1, 0, A7, OPC_OP_FP)); /* 1.5 rne -> 2 */
    E(FCVT_W_D, enc_r(0x61, 0, 1, 1, T0, OPC_OP_FP)); /* 1.5 rtz -> 1 */
    E(FDIV_D, enc_r(0x0d, 7, 1, 0, 7, OPC_OP_FP));    /* f7 = f1 / 0 */
    E(CSRRS, csr(2, 0x001, ZERO, T1));
    uint64_t words[2] = {0x3fc00000u | 0xabcd00000000ull, 0x1122334455667788ull};
    mem_copy_to_guest(f->p.mem, DATA, words, 16);
    f->cpu->x[A1] = dbits(1.5);
    f->cpu->x[A2] = dbits(2.25);
    f->cpu->x[A4] = DATA;
    f->cpu->f[7] = 0;
    f->cpu->fflags = 0;
    f->cpu->frm = 0;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], dbits(3.75));
    CHECK_EQ(f, f->cpu->x[A3], dbits(1.5 * 2.25 + 2.25));
    CHECK_EQ(f, f->cpu->x[A5], 0xffffffff3fc00000ull);
    CHECK_EQ(f, f->cpu->x[A6], 0x112233443fc00000ull);
    CHECK_EQ(f, f->cpu->x[A7], 2);
    CHECK_EQ(f, f->cpu->x[T0], 1);
    CHECK_EQ(f, f->cpu->x[T1], 9); /* NX (fcvt 1.5) | DZ */
    CHECK_EQ(f, f->cpu->f[7], dbits(1.0 / 0.0));

    /* rm 5 and 6 are illegal; dynamic rm with an invalid frm too */
    pg->n = 0;
    E(FADD_D, enc_r(0x01, 2, 1, 5, 3, OPC_OP_FP));
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.sig, SIGILL);
    pg->n = 0;
    E(FADD_D, enc_r(0x01, 2, 1, 7, 3, OPC_OP_FP));
    f->cpu->frm = 5;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.sig, SIGILL);
    f->cpu->frm = 1;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    f->cpu->frm = 0;
}

static void test_traps(struct fix *f)
{
    struct prog P = {0}, *pg = &P;
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->pc, CODE + 4);

    static const struct {
        uint32_t w;
        int sig, code;
    } c[] = {
        {0x00100073, SIGTRAP, TRAP_BRKPT}, /* ebreak */
        {0x00000000, SIGILL, ILL_ILLOPC},  /* illegal */
        {0x10200073, SIGILL, ILL_ILLOPC},  /* sret */
        {0x30200073, SIGILL, ILL_ILLOPC},  /* mret */
        {0x10500073, SIGILL, ILL_ILLOPC},  /* wfi */
        {0x12000073, SIGILL, ILL_ILLOPC},  /* sfence.vma */
    };
    for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
        struct insn in;
        rv_decode(c[i].w, &in);
        pg->n = 0;
        E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
        emit(f, pg, in.op, c[i].w);
        CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
        CHECK_EQ(f, f->cpu->pc, CODE + 4);
        CHECK_EQ(f, f->cpu->fault.sig, c[i].sig);
        CHECK_EQ(f, f->cpu->fault.code, c[i].code);
        CHECK_EQ(f, f->cpu->fault.addr, CODE + 4);
    }
}

/* ---- block formation ---- */

static void test_blocks(struct fix *f)
{
    struct mem_space *m = f->p.mem;
    struct prog P = {0}, *pg = &P;

    /* size limit: 600 addis run as blocks of 512 + 88 */
    for (int i = 0; i < 600; i++)
        E(ADDI, enc_i(1, A0, 0, A0, OPC_OP_IMM));
    f->cpu->x[A0] = 0;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 600);
    struct tb *tb = tb_find(f->cpu, CODE);
    CHECK(f, tb && tb->n_insns == 512 && tb->end == CODE + 512 * 4);

    /* one instruction per block */
    f->cfg.one_insn_per_tb = true;
    pg->n = 0;
    E(ADDI, enc_i(1, ZERO, 0, A0, OPC_OP_IMM));
    E(ADDI, enc_i(2, A0, 0, A0, OPC_OP_IMM));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 3);
    tb = tb_find(f->cpu, CODE);
    CHECK(f, tb && tb->n_insns == 1);
    f->cfg.one_insn_per_tb = false;

    /* a block stops at the end of its page; an instruction may straddle only into an
     * executable page */
    gaddr_t pa = 0x30000;
    CHECK_EQ(f,
             mem_mmap(m, pa, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
             pa);
    CHECK_EQ(f, mem_mprotect(m, pa + 0x1000, 0x1000, PROT_READ | PROT_WRITE), 0);
    /* pa+0xffc: c.addi a0,1; pa+0xffe: addi a0,a0,1 (straddling); pa+0x1002: ecall */
    uint32_t addi = enc_i(1, A0, 0, A0, OPC_OP_IMM);
    uint16_t code[5] = {0x0505, (uint16_t)addi, (uint16_t)(addi >> 16), 0x0073, 0x0000};
    CHECK_EQ(f, mem_copy_to_guest(m, pa + 0xffc, code, 10), 0);
    f->cpu->x[A0] = 0;
    f->cpu->pc = pa + 0xffc;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->x[A0], 1);
    CHECK_EQ(f, f->cpu->pc, pa + 0xffe);
    CHECK_EQ(f, f->cpu->fault.sig, SIGSEGV);
    CHECK_EQ(f, f->cpu->fault.code, SEGV_ACCERR);
    CHECK_EQ(f, f->cpu->fault.addr, pa + 0x1000);
    tb = tb_find(f->cpu, pa + 0xffc);
    CHECK(f, tb && tb->n_insns == 1 && tb->n_pages == 1);
    CHECK_EQ(f, mem_mprotect(m, pa + 0x1000, 0x1000, PROT_READ | PROT_EXEC), 0);
    f->cpu->x[A0] = 0;
    f->cpu->pc = pa + 0xffc;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 2);
    CHECK_EQ(f, f->cpu->pc, pa + 0x1002);
    tb = tb_find(f->cpu, pa + 0xffe);
    CHECK(f, tb && tb->n_pages == 2 && tb->n_insns == 1);
    CHECK(f, mem_page_flags(m, pa) & PAGE_CODE);
    CHECK(f, mem_page_flags(m, pa + 0x1000) & PAGE_CODE);
    /* retranslated with both pages executable: the straddling instruction still starts a
     * block of its own */
    tb_flush_exclusive(&f->p);
    f->cpu->pc = pa + 0xffc;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_ECALL);
    tb = tb_find(f->cpu, pa + 0xffc);
    CHECK(f, tb && tb->n_insns == 1 && tb->n_pages == 1);

    /* fetch from an unmapped page and from a data page */
    pg->n = 0;
    E(JALR, enc_i(0, A1, 0, ZERO, OPC_JALR));
    f->cpu->x[A1] = 0x50000;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->pc, 0x50000);
    CHECK_EQ(f, f->cpu->fault.sig, SIGSEGV);
    CHECK_EQ(f, f->cpu->fault.code, SEGV_MAPERR);
    CHECK_EQ(f, f->cpu->fault.addr, 0x50000);
    f->cpu->x[A1] = DATA;
    CHECK_EQ(f, run_prog(f, pg), EXIT_FAULT);
    CHECK_EQ(f, f->cpu->fault.code, SEGV_ACCERR);
    CHECK_EQ(f, f->cpu->fault.addr, DATA);

    /* rewriting code (syscall path) invalidates its blocks */
    pg->n = 0;
    E(ADDI, enc_i(11, ZERO, 0, A0, OPC_OP_IMM));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    struct tb *old = tb_find(f->cpu, CODE);
    pg->n = 0;
    E(ADDI, enc_i(22, ZERO, 0, A0, OPC_OP_IMM));
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 22);
    CHECK(f, old && (old->flags & TB_INVALID));
    CHECK(f, tb_find(f->cpu, CODE) != old);

    /* explicit range invalidation, then a full flush */
    old = tb_find(f->cpu, CODE);
    tb_invalidate_range(&f->p, CODE + 2, CODE + 3);
    CHECK(f, old->flags & TB_INVALID);
    int flushed = f->flushed;
    uint64_t count = *tb_flush_counter(&f->p);
    plg_active = true;
    tb_flush_exclusive(&f->p);
    plg_active = false;
    CHECK_EQ(f, f->flushed, flushed + 1);
    CHECK_EQ(f, *tb_flush_counter(&f->p), count + 1);
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++)
        if (f->cpu->jmp_cache[i])
            f->failures++;
    f->cpu->pc = CODE;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_ECALL);
    CHECK_EQ(f, f->cpu->x[A0], 22);
}

/* ---- plugin ops ---- */

struct instr_plan {
    struct plg_score score;
    uint64_t slots[4];
    uint64_t ptr_counter;
};

static struct plg_action_list mk_list(unsigned n)
{
    return (struct plg_action_list){.n = n, .a = n ? calloc(n, sizeof(struct plg_action)) : NULL};
}

/* Instrumentation for the 4-instruction program of test_plugin_ops (plan in udata 0). */
static struct plg_tb_instr *instrument(struct fix *f, gaddr_t pc, unsigned n,
                                       const struct plg_insn_desc *insns)
{
    struct instr_plan *plan = f->user;
    if (pc != CODE || n != 4)
        return NULL;
    struct plg_tb_instr *ti = calloc(1, sizeof *ti);
    ti->n_insns = n;
    ti->insn = calloc(n, sizeof *ti->insn);
    ti->mem = calloc(n, sizeof *ti->mem);
    ti->tb = mk_list(2);
    ti->tb.a[0] = (struct plg_action){
        .kind = PLG_ACT_INLINE_ADD, .score = &plan->score, .offset = 0, .imm = 1};
    ti->tb.a[1] = (struct plg_action){.kind = PLG_ACT_CB, .udata = (void *)1};
    ti->insn[0] = mk_list(2);
    ti->insn[0].a[0] = (struct plg_action){.kind = PLG_ACT_CB, .udata = (void *)10};
    ti->insn[0].a[1] =
        (struct plg_action){.kind = PLG_ACT_PTR_ADD, .ptr = &plan->ptr_counter, .imm = 5};
    ti->insn[1] = mk_list(2);
    ti->insn[1].a[0] = (struct plg_action){
        .kind = PLG_ACT_INLINE_STORE, .score = &plan->score, .offset = 8, .imm = 42};
    ti->insn[1].a[1] = (struct plg_action){.kind = PLG_ACT_COND_CB,
                                           .cond = 2 /* EQ */,
                                           .score = &plan->score,
                                           .offset = 8,
                                           .imm = 42,
                                           .udata = (void *)11};
    ti->mem[1] = mk_list(1);
    ti->mem[1].a[0] = (struct plg_action){.kind = PLG_ACT_MEM_CB, .rw = 3};
    ti->insn[2] = mk_list(1);
    ti->insn[2].a[0] = (struct plg_action){.kind = PLG_ACT_COND_CB,
                                           .cond = 3 /* NE */,
                                           .score = &plan->score,
                                           .offset = 8,
                                           .imm = 42,
                                           .udata = (void *)12};
    ti->mem[2] = mk_list(1);
    ti->mem[2].a[0] = (struct plg_action){.kind = PLG_ACT_MEM_CB, .rw = 3};
    CHECK_EQ(f, insns[1].mem_log2, 3);
    CHECK_EQ(f, insns[2].op, RV_OP_AMOADD_W);
    return ti;
}

/* Run from cpu->pc as the cpu loop does: the exit reason, or -1 when a plugin callback unwound
 * to the recovery point with FAULT_JMP_PC_SET (the loop's landing work is done here). */
static int run_until_pc_set(struct fix *f)
{
    struct vcpu *cpu = f->cpu;
    if (sigsetjmp(cpu->fault_jmp, 0) == FAULT_JMP_PC_SET) {
        cpu->plg_mem = NULL;
        return -1;
    }
    return interp_run(cpu);
}

static void test_plugin_ops(struct fix *f)
{
    struct instr_plan plan = {.score = {.data = NULL, .stride = 16}};
    plan.score.data = (uint8_t *)plan.slots;
    f->user = &plan;
    plg_active = true;
    f->instrument = instrument;

    struct prog P = {0}, *pg = &P;
    E(ADDI, enc_i(5, ZERO, 0, A0, OPC_OP_IMM));
    E(LD, enc_i(0, A2, 3, A1, OPC_LOAD));
    E(AMOADD_W, enc_amo(F5_ADD, false, A3, A2, A4));
    uint64_t v = 0x0000000180000000ull;
    mem_copy_to_guest(f->p.mem, DATA, &v, 8);
    f->cpu->x[A2] = DATA;
    f->cpu->x[A4] = 3;
    f->n_events = 0;
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    CHECK_EQ(f, f->n_events, 6);
    CHECK(f, f->ev[0].kind == 'c' && f->ev[0].udata == 1 && f->ev[0].pc == CODE);
    CHECK(f, f->ev[1].kind == 'c' && f->ev[1].udata == 10 && f->ev[1].pc == CODE);
    CHECK(f, f->ev[2].kind == 'c' && f->ev[2].udata == 11 && f->ev[2].pc == CODE + 4);
    CHECK(f, f->ev[3].kind == 'm' && f->ev[3].vaddr == DATA && f->ev[3].value == v);
    CHECK_EQ(f, f->ev[3].info, plg_meminfo(3, false, false));
    CHECK(f, f->ev[4].kind == 'm' && f->ev[4].vaddr == DATA && f->ev[4].value == 0x80000000);
    CHECK_EQ(f, f->ev[4].info, plg_meminfo(2, true, false));
    CHECK(f, f->ev[5].kind == 'm' && f->ev[5].vaddr == DATA && f->ev[5].value == 0x80000003);
    CHECK_EQ(f, f->ev[5].info, plg_meminfo(2, false, true));
    CHECK_EQ(f, plan.slots[0], 1);
    CHECK_EQ(f, plan.slots[1], 42);
    CHECK_EQ(f, plan.ptr_counter, 5);
    CHECK_EQ(f, f->cpu->x[A1], v);
    CHECK_EQ(f, f->cpu->x[A3], 0xffffffff80000000ull);
    CHECK(f, f->cpu->plg_mem == NULL);

    /* a second run of the same block */
    f->n_events = 0;
    mem_copy_to_guest(f->p.mem, DATA, &v, 8);
    f->cpu->pc = CODE;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_ECALL);
    CHECK_EQ(f, plan.slots[0], 2);
    CHECK_EQ(f, plan.ptr_counter, 10);

    /* a callback that redirects the pc unwinds to the cpu loop before its instruction */
    f->n_events = 0;
    f->redirect_at_event = 1;
    f->redirect_to = CODE + 12;
    f->cpu->x[A0] = 0;
    f->cpu->pc = CODE;
    CHECK_EQ(f, run_until_pc_set(f), -1);
    CHECK_EQ(f, f->cpu->pc, CODE + 12);
    CHECK_EQ(f, f->cpu->x[A0], 0);
    CHECK_EQ(f, f->n_events, 2);
    f->redirect_at_event = -1;
    CHECK_EQ(f, interp_run(f->cpu), EXIT_ECALL);

    /* a memory callback that redirects: the load happened, the rest of the block did not */
    f->n_events = 0;
    f->redirect_at_event = 3;
    mem_copy_to_guest(f->p.mem, DATA, &v, 8);
    f->cpu->x[A3] = 0x77;
    f->cpu->pc = CODE;
    CHECK_EQ(f, run_until_pc_set(f), -1);
    CHECK_EQ(f, f->cpu->pc, CODE + 12);
    CHECK_EQ(f, f->cpu->x[A1], v);
    CHECK_EQ(f, f->cpu->x[A3], 0x77);
    f->redirect_at_event = -1;

    plg_active = false;
    f->instrument = NULL;
    f->user = NULL;
    tb_flush_exclusive(&f->p);
}

static void test_print_events(struct fix *f)
{
    for (int i = 0; i < f->n_events && i < MAX_EVENTS; i++)
        printf("event %d: %c pc %" PRIx64 " udata %" PRIu64 " info %x vaddr %" PRIx64 "\n", i,
               f->ev[i].kind, f->ev[i].pc, f->ev[i].udata, f->ev[i].info, f->ev[i].vaddr);
}

/* ---- vCPU indexes ---- */

static void test_cpu_index(struct fix *f)
{
    struct vcpu *c1 = cpu_new(&f->p), *c2 = cpu_new(&f->p);
    CHECK_EQ(f, c1->index, 1);
    CHECK_EQ(f, c2->index, 2);
    CHECK_EQ(f, f->p.n_cpus, 3);
    cpu_free(c2);
    struct vcpu *c3 = cpu_new(&f->p);
    CHECK_EQ(f, c3->index, 2);
    cpu_free(c1);
    struct vcpu *c4 = cpu_new(&f->p);
    CHECK_EQ(f, c4->index, 3);
    f->cpu->x[5] = 99;
    f->cpu->f[3] = 7;
    f->cpu->frm = 2;
    cpu_copy_state(c4, f->cpu);
    CHECK(f, c4->x[5] == 99 && c4->f[3] == 7 && c4->frm == 2);
    cpu_free(c3);
    cpu_free(c4);
    CHECK_EQ(f, f->p.n_cpus, 1);
}

/* ---- logs ---- */

static void test_logs(struct fix *f)
{
    char path[] = "/tmp/test_interp_log_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    log_set_file(path);
    log_mask = LOG_IN_ASM | LOG_EXEC | LOG_CPU;
    tb_flush_exclusive(&f->p);
    struct prog P = {0}, *pg = &P;
    E(ADDI, enc_i(5, ZERO, 0, A0, OPC_OP_IMM));
    pg->w[pg->n++] = 0x00010505; /* c.addi a0,1; c.nop */
    CHECK_EQ(f, run_prog(f, pg), EXIT_ECALL);
    log_mask = 0;
    FILE *in = fopen(path, "r");
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = 0;
    fclose(in);
    unlink(path);
    char want[RV_DISAS_MAX + 64], dis[RV_DISAS_MAX];
    rv_disas(CODE, 0x00500513, dis);
    snprintf(want, sizeof want, "0x%016" PRIx64 ":  00500513          %s\n", CODE, dis);
    CHECK(f, strstr(text, "----------------\nIN: \n") != NULL);
    CHECK(f, strstr(text, want) != NULL);
    rv_disas(CODE + 4, 0x0505, dis);
    snprintf(want, sizeof want, "0x%016" PRIx64 ":  0505              %s\n", CODE + 4, dis);
    CHECK(f, strstr(text, want) != NULL);
    CHECK(f, strstr(text, "Trace 0: 0x") != NULL);
    CHECK(f, strstr(text, "[0000000000000000/0000000000010000/00000000/00000000]") != NULL);
    CHECK(f, strstr(text, " pc       0000000000010000\n") != NULL);
    CHECK(f, strstr(text, " x0/zero  0000000000000000 x1/ra") != NULL);
    if (f->failures)
        printf("log text:\n%s\n", text);
}

int main(void)
{
    struct fix fx, *f = &fx;
    fix_init(f);
    test_rv64i(f);
    test_rv64m(f);
    test_zb(f);
    test_branches(f);
    test_loads_stores(f);
    test_atomics(f);
    test_csr(f);
    test_fp(f);
    test_traps(f);
    test_blocks(f);
    test_plugin_ops(f);
    if (f->failures)
        test_print_events(f);
    test_cpu_index(f);
    test_logs(f);
    if (f->failures)
        printf("%d check(s) failed\n", f->failures);
    return f->failures != 0;
}
