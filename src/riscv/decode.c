/*
 * decode.c — rv_decode(): RV64GC + Zba/Zbb/Zbs encodings into struct insn, and the row tables
 * generated from insn.def.
 *
 * 32-bit encodings go through a 32-entry table indexed by inst[6:2], laid out like the opcode map
 * of the unprivileged spec, to one function per major opcode. 16-bit encodings go through a
 * 24-entry table indexed by funct3 and quadrant, and every compressed form is expanded to the
 * base row it stands for (c.addi4spn -> ADDI rd',x2,imm, c.j -> JAL x0,off, ...).
 *
 * Invariants: anything outside rv64gc+Zb* (other extensions, reserved encodings, reserved
 * compressed forms, shamt >= 64 or >= 32 for the W shifts, lr with rs2 != 0) gives RV_OP_ILLEGAL
 * with len still correct. Architectural HINTs (writes to x0, c.nop with an immediate, c.slli64,
 * odd fence fields, ...) decode to their normal row and execute as no-ops. The rounding-mode
 * field is kept as encoded, reserved values included: the interpreter checks it at run time.
 * Immediate conventions are those documented on struct insn in insn.h.
 *
 * Threading: pure functions over constant tables; callable from any thread.
 */
#include "insn.h"

const char *const rv_op_name[RV_OP_COUNT] = {
#define X(name, mnem, flags, mem) [RV_OP_##name] = mnem,
#include "insn.def"
#undef X
};

const uint16_t rv_op_flags[RV_OP_COUNT] = {
#define X(name, mnem, flags, mem) [RV_OP_##name] = (flags),
#include "insn.def"
#undef X
};

const uint8_t rv_op_mem_log2[RV_OP_COUNT] = {
#define X(name, mnem, flags, mem) [RV_OP_##name] = (mem),
#include "insn.def"
#undef X
};

/* Unset slots of the decode tables below read as 0, which must mean "illegal". */
_Static_assert(RV_OP_ILLEGAL == 0, "RV_OP_ILLEGAL must be the first row of insn.def");

/* ---- field helpers ---- */

static inline uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Sign-extend the low `width` bits of x. */
static inline int32_t sext(uint32_t x, unsigned width)
{
    return (int32_t)(x << (32 - width)) >> (32 - width);
}

static inline int32_t imm_i(uint32_t r) { return (int32_t)r >> 20; }

static inline int32_t imm_s(uint32_t r)
{
    return (int32_t)(((int32_t)r >> 25) * 32) | (int32_t)bits(r, 11, 7);
}

static inline int32_t imm_b(uint32_t r)
{
    uint32_t v = bits(r, 31, 31) << 12 | bits(r, 7, 7) << 11 | bits(r, 30, 25) << 5 |
                 bits(r, 11, 8) << 1;
    return sext(v, 13);
}

static inline int32_t imm_j(uint32_t r)
{
    uint32_t v = bits(r, 31, 31) << 20 | bits(r, 19, 12) << 12 | bits(r, 20, 20) << 11 |
                 bits(r, 30, 21) << 1;
    return sext(v, 21);
}

/* Fill the three register fields of an R-type encoding. */
static inline void regs_r(struct insn *d, uint32_t r)
{
    d->rd = bits(r, 11, 7);
    d->rs1 = bits(r, 19, 15);
    d->rs2 = bits(r, 24, 20);
}

static inline void regs_i(struct insn *d, uint32_t r)
{
    d->rd = bits(r, 11, 7);
    d->rs1 = bits(r, 19, 15);
    d->imm = imm_i(r);
}

/* ---- 32-bit major opcodes ---- */

typedef void (*decode_fn)(struct insn *d, uint32_t r);

static void dec_illegal(struct insn *d, uint32_t r) { d->op = RV_OP_ILLEGAL; }

static void dec_load(struct insn *d, uint32_t r)
{
    static const uint16_t ops[8] = {
        RV_OP_LB, RV_OP_LH, RV_OP_LW, RV_OP_LD, RV_OP_LBU, RV_OP_LHU, RV_OP_LWU, RV_OP_ILLEGAL,
    };
    d->op = ops[bits(r, 14, 12)];
    regs_i(d, r);
}

static void dec_load_fp(struct insn *d, uint32_t r)
{
    unsigned f3 = bits(r, 14, 12);
    d->op = f3 == 2 ? RV_OP_FLW : f3 == 3 ? RV_OP_FLD : RV_OP_ILLEGAL;
    regs_i(d, r);
}

static void dec_misc_mem(struct insn *d, uint32_t r)
{
    switch (bits(r, 14, 12)) {
    case 0:
        /* Reserved fm values and nonzero rd/rs1 are hints: a plain fence. */
        d->op = RV_OP_FENCE;
        d->rm = bits(r, 27, 20);
        break;
    case 1:
        d->op = RV_OP_FENCE_I;
        break;
    default:
        d->op = RV_OP_ILLEGAL;
        break;
    }
}

/* OP-IMM funct3=1: slli and the Zbb/Zbs forms sharing its slot. imm = shamt (0 for unary). */
static void op_imm_f1(struct insn *d, uint32_t r)
{
    static const uint16_t unary[8] = {
        RV_OP_CLZ, RV_OP_CTZ, RV_OP_CPOP, 0, RV_OP_SEXT_B, RV_OP_SEXT_H, 0, 0,
    };
    d->imm = bits(r, 25, 20);
    switch (bits(r, 31, 26)) {
    case 0x00: d->op = RV_OP_SLLI; break;
    case 0x0a: d->op = RV_OP_BSETI; break;
    case 0x12: d->op = RV_OP_BCLRI; break;
    case 0x1a: d->op = RV_OP_BINVI; break;
    case 0x18:
        d->op = d->imm < 8 ? unary[d->imm] : RV_OP_ILLEGAL;
        d->imm = 0;
        break;
    default: d->op = RV_OP_ILLEGAL; break;
    }
}

/* OP-IMM funct3=5: srli/srai and the Zbb/Zbs forms sharing its slot. imm = shamt (0 for unary). */
static void op_imm_f5(struct insn *d, uint32_t r)
{
    d->imm = bits(r, 25, 20);
    switch (bits(r, 31, 26)) {
    case 0x00: d->op = RV_OP_SRLI; break;
    case 0x10: d->op = RV_OP_SRAI; break;
    case 0x18: d->op = RV_OP_RORI; break;
    case 0x12: d->op = RV_OP_BEXTI; break;
    case 0x0a: /* orc.b is the single encoding imm12 = 0x287 */
        d->op = d->imm == 0x07 ? RV_OP_ORC_B : RV_OP_ILLEGAL;
        d->imm = 0;
        break;
    case 0x1a: /* rev8 (RV64) is the single encoding imm12 = 0x6b8 */
        d->op = d->imm == 0x38 ? RV_OP_REV8 : RV_OP_ILLEGAL;
        d->imm = 0;
        break;
    default: d->op = RV_OP_ILLEGAL; break;
    }
}

static void dec_op_imm(struct insn *d, uint32_t r)
{
    static const uint16_t ops[8] = {
        RV_OP_ADDI, 0, RV_OP_SLTI, RV_OP_SLTIU, RV_OP_XORI, 0, RV_OP_ORI, RV_OP_ANDI,
    };
    unsigned f3 = bits(r, 14, 12);
    regs_i(d, r);
    if (f3 == 1) {
        op_imm_f1(d, r);
    } else if (f3 == 5) {
        op_imm_f5(d, r);
    } else {
        d->op = ops[f3];
    }
}

static void dec_auipc(struct insn *d, uint32_t r)
{
    d->op = RV_OP_AUIPC;
    d->rd = bits(r, 11, 7);
    d->imm = (int32_t)(r & 0xfffff000u);
}

static void dec_lui(struct insn *d, uint32_t r)
{
    d->op = RV_OP_LUI;
    d->rd = bits(r, 11, 7);
    d->imm = (int32_t)(r & 0xfffff000u);
}

static void dec_op_imm_32(struct insn *d, uint32_t r)
{
    unsigned f7 = bits(r, 31, 25);
    regs_i(d, r);
    switch (bits(r, 14, 12)) {
    case 0:
        d->op = RV_OP_ADDIW;
        return;
    case 1:
        d->imm = bits(r, 24, 20);
        if (f7 == 0x00) {
            d->op = RV_OP_SLLIW;
        } else if ((f7 >> 1) == 0x02) {
            d->op = RV_OP_SLLI_UW;
            d->imm = bits(r, 25, 20);
        } else if (f7 == 0x30 && d->imm <= 2) {
            static const uint16_t unary[3] = {RV_OP_CLZW, RV_OP_CTZW, RV_OP_CPOPW};
            d->op = unary[d->imm];
            d->imm = 0;
        } else {
            d->op = RV_OP_ILLEGAL;
        }
        return;
    case 5:
        d->imm = bits(r, 24, 20);
        d->op = f7 == 0x00 ? RV_OP_SRLIW
              : f7 == 0x20 ? RV_OP_SRAIW
              : f7 == 0x30 ? RV_OP_RORIW
                           : RV_OP_ILLEGAL;
        return;
    default:
        d->op = RV_OP_ILLEGAL;
        return;
    }
}

static void dec_store(struct insn *d, uint32_t r)
{
    static const uint16_t ops[8] = {
        RV_OP_SB, RV_OP_SH, RV_OP_SW, RV_OP_SD, RV_OP_ILLEGAL, RV_OP_ILLEGAL, RV_OP_ILLEGAL,
        RV_OP_ILLEGAL,
    };
    d->op = ops[bits(r, 14, 12)];
    d->rs1 = bits(r, 19, 15);
    d->rs2 = bits(r, 24, 20);
    d->imm = imm_s(r);
}

static void dec_store_fp(struct insn *d, uint32_t r)
{
    unsigned f3 = bits(r, 14, 12);
    d->op = f3 == 2 ? RV_OP_FSW : f3 == 3 ? RV_OP_FSD : RV_OP_ILLEGAL;
    d->rs1 = bits(r, 19, 15);
    d->rs2 = bits(r, 24, 20);
    d->imm = imm_s(r);
}

static void dec_amo(struct insn *d, uint32_t r)
{
    /* Indexed by funct5 (inst[31:27]); unset slots are RV_OP_ILLEGAL. */
    static const uint16_t ops_w[32] = {
        [0x00] = RV_OP_AMOADD_W,  [0x01] = RV_OP_AMOSWAP_W, [0x02] = RV_OP_LR_W,
        [0x03] = RV_OP_SC_W,      [0x04] = RV_OP_AMOXOR_W,  [0x08] = RV_OP_AMOOR_W,
        [0x0c] = RV_OP_AMOAND_W,  [0x10] = RV_OP_AMOMIN_W,  [0x14] = RV_OP_AMOMAX_W,
        [0x18] = RV_OP_AMOMINU_W, [0x1c] = RV_OP_AMOMAXU_W,
    };
    static const uint16_t ops_d[32] = {
        [0x00] = RV_OP_AMOADD_D,  [0x01] = RV_OP_AMOSWAP_D, [0x02] = RV_OP_LR_D,
        [0x03] = RV_OP_SC_D,      [0x04] = RV_OP_AMOXOR_D,  [0x08] = RV_OP_AMOOR_D,
        [0x0c] = RV_OP_AMOAND_D,  [0x10] = RV_OP_AMOMIN_D,  [0x14] = RV_OP_AMOMAX_D,
        [0x18] = RV_OP_AMOMINU_D, [0x1c] = RV_OP_AMOMAXU_D,
    };
    unsigned f3 = bits(r, 14, 12);
    unsigned f5 = bits(r, 31, 27);
    uint16_t op = f3 == 2 ? ops_w[f5] : f3 == 3 ? ops_d[f5] : 0;
    regs_r(d, r);
    d->rm = bits(r, 26, 25);
    if (f5 == 0x02 && d->rs2 != 0) {
        op = RV_OP_ILLEGAL; /* lr with rs2 != 0 is reserved */
    }
    d->op = op;
}

/* OP funct7=0000000 / 0100000 / 0000001 and the Zba/Zbb/Zbs funct7 groups. */
static void dec_op(struct insn *d, uint32_t r)
{
    unsigned f3 = bits(r, 14, 12);
    unsigned f7 = bits(r, 31, 25);
    static const uint16_t base[8] = {
        RV_OP_ADD, RV_OP_SLL, RV_OP_SLT, RV_OP_SLTU, RV_OP_XOR, RV_OP_SRL, RV_OP_OR, RV_OP_AND,
    };
    static const uint16_t alt[8] = {
        RV_OP_SUB, 0, 0, 0, RV_OP_XNOR, RV_OP_SRA, RV_OP_ORN, RV_OP_ANDN,
    };
    static const uint16_t muldiv[8] = {
        RV_OP_MUL, RV_OP_MULH, RV_OP_MULHSU, RV_OP_MULHU,
        RV_OP_DIV, RV_OP_DIVU, RV_OP_REM,    RV_OP_REMU,
    };
    static const uint16_t shadd[8] = {0, 0, RV_OP_SH1ADD, 0, RV_OP_SH2ADD, 0, RV_OP_SH3ADD, 0};
    static const uint16_t minmax[8] = {0, 0, 0, 0, RV_OP_MIN, RV_OP_MINU, RV_OP_MAX, RV_OP_MAXU};
    static const uint16_t rot[8] = {0, RV_OP_ROL, 0, 0, 0, RV_OP_ROR, 0, 0};
    static const uint16_t bclr_bext[8] = {0, RV_OP_BCLR, 0, 0, 0, RV_OP_BEXT, 0, 0};
    static const uint16_t binv[8] = {0, RV_OP_BINV, 0, 0, 0, 0, 0, 0};
    static const uint16_t bset[8] = {0, RV_OP_BSET, 0, 0, 0, 0, 0, 0};
    const uint16_t *row;
    switch (f7) {
    case 0x00: row = base; break;
    case 0x20: row = alt; break;
    case 0x01: row = muldiv; break;
    case 0x10: row = shadd; break;
    case 0x05: row = minmax; break;
    case 0x30: row = rot; break;
    case 0x24: row = bclr_bext; break;
    case 0x34: row = binv; break;
    case 0x14: row = bset; break;
    default: d->op = RV_OP_ILLEGAL; return;
    }
    regs_r(d, r);
    d->op = row[f3];
}

static void dec_op_32(struct insn *d, uint32_t r)
{
    unsigned f3 = bits(r, 14, 12);
    unsigned f7 = bits(r, 31, 25);
    static const uint16_t base[8] = {RV_OP_ADDW, RV_OP_SLLW, 0, 0, 0, RV_OP_SRLW, 0, 0};
    static const uint16_t alt[8] = {RV_OP_SUBW, 0, 0, 0, 0, RV_OP_SRAW, 0, 0};
    static const uint16_t muldiv[8] = {
        RV_OP_MULW, 0, 0, 0, RV_OP_DIVW, RV_OP_DIVUW, RV_OP_REMW, RV_OP_REMUW,
    };
    static const uint16_t uw[8] = {RV_OP_ADD_UW, 0, 0, 0, RV_OP_ZEXT_H, 0, 0, 0};
    static const uint16_t shadd[8] = {
        0, 0, RV_OP_SH1ADD_UW, 0, RV_OP_SH2ADD_UW, 0, RV_OP_SH3ADD_UW, 0,
    };
    static const uint16_t rot[8] = {0, RV_OP_ROLW, 0, 0, 0, RV_OP_RORW, 0, 0};
    const uint16_t *row;
    switch (f7) {
    case 0x00: row = base; break;
    case 0x20: row = alt; break;
    case 0x01: row = muldiv; break;
    case 0x04: row = uw; break;
    case 0x10: row = shadd; break;
    case 0x30: row = rot; break;
    default: d->op = RV_OP_ILLEGAL; return;
    }
    regs_r(d, r);
    d->op = row[f3];
    if (d->op == RV_OP_ZEXT_H) {
        /* zext.h is pack rd,rs1,x0: other rs2 values are Zbkb's pack. */
        d->op = d->rs2 == 0 ? RV_OP_ZEXT_H : RV_OP_ILLEGAL;
    }
}

/* fmadd/fmsub/fnmsub/fnmadd: fmt in inst[26:25] selects .s (0) or .d (1). */
static void dec_fma(struct insn *d, uint32_t r, uint16_t op_s, uint16_t op_d)
{
    unsigned fmt = bits(r, 26, 25);
    d->op = fmt == 0 ? op_s : fmt == 1 ? op_d : RV_OP_ILLEGAL;
    regs_r(d, r);
    d->rs3 = bits(r, 31, 27);
    d->rm = bits(r, 14, 12);
}

static void dec_madd(struct insn *d, uint32_t r) { dec_fma(d, r, RV_OP_FMADD_S, RV_OP_FMADD_D); }
static void dec_msub(struct insn *d, uint32_t r) { dec_fma(d, r, RV_OP_FMSUB_S, RV_OP_FMSUB_D); }

static void dec_nmsub(struct insn *d, uint32_t r)
{
    dec_fma(d, r, RV_OP_FNMSUB_S, RV_OP_FNMSUB_D);
}

static void dec_nmadd(struct insn *d, uint32_t r)
{
    dec_fma(d, r, RV_OP_FNMADD_S, RV_OP_FNMADD_D);
}

/* OP-FP for one format (is_d selects the .d rows); returns the op or RV_OP_ILLEGAL. */
static uint16_t op_fp(uint32_t r, bool is_d)
{
    unsigned f5 = bits(r, 31, 27);
    unsigned f3 = bits(r, 14, 12);
    unsigned rs2 = bits(r, 24, 20);
    switch (f5) {
    case 0x00: return is_d ? RV_OP_FADD_D : RV_OP_FADD_S;
    case 0x01: return is_d ? RV_OP_FSUB_D : RV_OP_FSUB_S;
    case 0x02: return is_d ? RV_OP_FMUL_D : RV_OP_FMUL_S;
    case 0x03: return is_d ? RV_OP_FDIV_D : RV_OP_FDIV_S;
    case 0x0b:
        if (rs2 != 0) {
            return RV_OP_ILLEGAL;
        }
        return is_d ? RV_OP_FSQRT_D : RV_OP_FSQRT_S;
    case 0x04: {
        static const uint16_t s[4] = {RV_OP_FSGNJ_S, RV_OP_FSGNJN_S, RV_OP_FSGNJX_S, 0};
        static const uint16_t dd[4] = {RV_OP_FSGNJ_D, RV_OP_FSGNJN_D, RV_OP_FSGNJX_D, 0};
        return f3 > 3 ? RV_OP_ILLEGAL : is_d ? dd[f3] : s[f3];
    }
    case 0x05:
        if (f3 > 1) {
            return RV_OP_ILLEGAL;
        }
        return is_d ? (f3 ? RV_OP_FMAX_D : RV_OP_FMIN_D) : (f3 ? RV_OP_FMAX_S : RV_OP_FMIN_S);
    case 0x08:
        /* fcvt.s.d (fmt S, rs2 = 1) and fcvt.d.s (fmt D, rs2 = 0). */
        if (is_d) {
            return rs2 == 0 ? RV_OP_FCVT_D_S : RV_OP_ILLEGAL;
        }
        return rs2 == 1 ? RV_OP_FCVT_S_D : RV_OP_ILLEGAL;
    case 0x14: {
        static const uint16_t s[4] = {RV_OP_FLE_S, RV_OP_FLT_S, RV_OP_FEQ_S, 0};
        static const uint16_t dd[4] = {RV_OP_FLE_D, RV_OP_FLT_D, RV_OP_FEQ_D, 0};
        return f3 > 3 ? RV_OP_ILLEGAL : is_d ? dd[f3] : s[f3];
    }
    case 0x18: {
        static const uint16_t s[4] = {RV_OP_FCVT_W_S, RV_OP_FCVT_WU_S, RV_OP_FCVT_L_S,
                                      RV_OP_FCVT_LU_S};
        static const uint16_t dd[4] = {RV_OP_FCVT_W_D, RV_OP_FCVT_WU_D, RV_OP_FCVT_L_D,
                                       RV_OP_FCVT_LU_D};
        return rs2 > 3 ? RV_OP_ILLEGAL : is_d ? dd[rs2] : s[rs2];
    }
    case 0x1a: {
        static const uint16_t s[4] = {RV_OP_FCVT_S_W, RV_OP_FCVT_S_WU, RV_OP_FCVT_S_L,
                                      RV_OP_FCVT_S_LU};
        static const uint16_t dd[4] = {RV_OP_FCVT_D_W, RV_OP_FCVT_D_WU, RV_OP_FCVT_D_L,
                                       RV_OP_FCVT_D_LU};
        return rs2 > 3 ? RV_OP_ILLEGAL : is_d ? dd[rs2] : s[rs2];
    }
    case 0x1c:
        if (rs2 != 0 || f3 > 1) {
            return RV_OP_ILLEGAL;
        }
        if (f3 == 1) {
            return is_d ? RV_OP_FCLASS_D : RV_OP_FCLASS_S;
        }
        return is_d ? RV_OP_FMV_X_D : RV_OP_FMV_X_W;
    case 0x1e:
        if (rs2 != 0 || f3 != 0) {
            return RV_OP_ILLEGAL;
        }
        return is_d ? RV_OP_FMV_D_X : RV_OP_FMV_W_X;
    default:
        return RV_OP_ILLEGAL;
    }
}

static void dec_op_fp(struct insn *d, uint32_t r)
{
    unsigned fmt = bits(r, 26, 25);
    uint16_t op = fmt <= 1 ? op_fp(r, fmt == 1) : RV_OP_ILLEGAL;
    d->op = op;
    regs_r(d, r);
    switch (bits(r, 31, 27)) {
    case 0x0b: case 0x08: case 0x18: case 0x1a: case 0x1c: case 0x1e:
        d->rs2 = 0;
        break;
    default:
        break;
    }
    switch (bits(r, 31, 27)) {
    case 0x04: case 0x05: case 0x14: case 0x1c: case 0x1e:
        break;
    default:
        d->rm = bits(r, 14, 12);
        break;
    }
}

static void dec_branch(struct insn *d, uint32_t r)
{
    static const uint16_t ops[8] = {
        RV_OP_BEQ, RV_OP_BNE, RV_OP_ILLEGAL, RV_OP_ILLEGAL,
        RV_OP_BLT, RV_OP_BGE, RV_OP_BLTU,    RV_OP_BGEU,
    };
    d->op = ops[bits(r, 14, 12)];
    d->rs1 = bits(r, 19, 15);
    d->rs2 = bits(r, 24, 20);
    d->imm = imm_b(r);
}

static void dec_jalr(struct insn *d, uint32_t r)
{
    d->op = bits(r, 14, 12) == 0 ? RV_OP_JALR : RV_OP_ILLEGAL;
    regs_i(d, r);
}

static void dec_jal(struct insn *d, uint32_t r)
{
    d->op = RV_OP_JAL;
    d->rd = bits(r, 11, 7);
    d->imm = imm_j(r);
}

static void dec_system(struct insn *d, uint32_t r)
{
    static const uint16_t csr_ops[8] = {
        0, RV_OP_CSRRW, RV_OP_CSRRS, RV_OP_CSRRC, 0, RV_OP_CSRRWI, RV_OP_CSRRSI, RV_OP_CSRRCI,
    };
    unsigned f3 = bits(r, 14, 12);
    if (f3 != 0) {
        regs_i(d, r);
        d->op = csr_ops[f3];
        d->imm = bits(r, 31, 20);
        return;
    }
    switch (r) {
    case 0x00000073: d->op = RV_OP_ECALL; return;
    case 0x00100073: d->op = RV_OP_EBREAK; return;
    case 0x10200073: d->op = RV_OP_SRET; return;
    case 0x30200073: d->op = RV_OP_MRET; return;
    case 0x10500073: d->op = RV_OP_WFI; return;
    default: break;
    }
    if ((r & 0xfe007fffu) == 0x12000073u) {
        d->op = RV_OP_SFENCE_VMA;
        d->rs1 = bits(r, 19, 15);
        d->rs2 = bits(r, 24, 20);
        return;
    }
    d->op = RV_OP_ILLEGAL;
}

/* Indexed by inst[6:2], in the order of the spec's opcode map (rows inst[6:5], columns [4:2]). */
static const decode_fn decode_major[32] = {
    /* 00 */ dec_load, dec_load_fp, dec_illegal, dec_misc_mem,
             dec_op_imm, dec_auipc, dec_op_imm_32, dec_illegal,
    /* 01 */ dec_store, dec_store_fp, dec_illegal, dec_amo,
             dec_op, dec_lui, dec_op_32, dec_illegal,
    /* 10 */ dec_madd, dec_msub, dec_nmsub, dec_nmadd,
             dec_op_fp, dec_illegal, dec_illegal, dec_illegal,
    /* 11 */ dec_branch, dec_jalr, dec_illegal, dec_jal,
             dec_system, dec_illegal, dec_illegal, dec_illegal,
};

/* ---- 16-bit encodings ---- */

static inline unsigned creg(uint32_t r, unsigned lo) { return 8 + bits(r, lo + 2, lo); }

/* CI-format 6-bit signed immediate: imm[5] = inst[12], imm[4:0] = inst[6:2]. */
static inline int32_t cimm6(uint32_t r) { return sext(bits(r, 12, 12) << 5 | bits(r, 6, 2), 6); }

/* Unsigned offsets of the loads and stores, scaled by the access size. */
static inline uint32_t cl_w_off(uint32_t r)
{
    return bits(r, 12, 10) << 3 | bits(r, 6, 6) << 2 | bits(r, 5, 5) << 6;
}

static inline uint32_t cl_d_off(uint32_t r) { return bits(r, 12, 10) << 3 | bits(r, 6, 5) << 6; }

static inline uint32_t ci_w_sp_off(uint32_t r)
{
    return bits(r, 12, 12) << 5 | bits(r, 6, 4) << 2 | bits(r, 3, 2) << 6;
}

static inline uint32_t ci_d_sp_off(uint32_t r)
{
    return bits(r, 12, 12) << 5 | bits(r, 6, 5) << 3 | bits(r, 4, 2) << 6;
}

static inline uint32_t css_w_off(uint32_t r) { return bits(r, 12, 9) << 2 | bits(r, 8, 7) << 6; }
static inline uint32_t css_d_off(uint32_t r) { return bits(r, 12, 10) << 3 | bits(r, 9, 7) << 6; }

static void set_i(struct insn *d, uint16_t op, unsigned rd, unsigned rs1, int32_t imm)
{
    d->op = op;
    d->rd = rd;
    d->rs1 = rs1;
    d->imm = imm;
}

static void set_s(struct insn *d, uint16_t op, unsigned rs1, unsigned rs2, int32_t imm)
{
    d->op = op;
    d->rs1 = rs1;
    d->rs2 = rs2;
    d->imm = imm;
}

static void set_r(struct insn *d, uint16_t op, unsigned rd, unsigned rs1, unsigned rs2)
{
    d->op = op;
    d->rd = rd;
    d->rs1 = rs1;
    d->rs2 = rs2;
}

/* Quadrant 0 */

static void c_addi4spn(struct insn *d, uint32_t r)
{
    uint32_t imm = bits(r, 12, 11) << 4 | bits(r, 10, 7) << 6 | bits(r, 6, 6) << 2 |
                   bits(r, 5, 5) << 3;
    if (imm == 0) {
        d->op = RV_OP_ILLEGAL;
        return;
    }
    set_i(d, RV_OP_ADDI, creg(r, 2), 2, (int32_t)imm);
}

static void c_fld(struct insn *d, uint32_t r)
{
    set_i(d, RV_OP_FLD, creg(r, 2), creg(r, 7), (int32_t)cl_d_off(r));
}

static void c_lw(struct insn *d, uint32_t r)
{
    set_i(d, RV_OP_LW, creg(r, 2), creg(r, 7), (int32_t)cl_w_off(r));
}

static void c_ld(struct insn *d, uint32_t r)
{
    set_i(d, RV_OP_LD, creg(r, 2), creg(r, 7), (int32_t)cl_d_off(r));
}

static void c_fsd(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_FSD, creg(r, 7), creg(r, 2), (int32_t)cl_d_off(r));
}

static void c_sw(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_SW, creg(r, 7), creg(r, 2), (int32_t)cl_w_off(r));
}

static void c_sd(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_SD, creg(r, 7), creg(r, 2), (int32_t)cl_d_off(r));
}

/* Quadrant 1 */

static void c_addi(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    set_i(d, RV_OP_ADDI, rd, rd, cimm6(r));
}

static void c_addiw(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    set_i(d, rd == 0 ? RV_OP_ILLEGAL : RV_OP_ADDIW, rd, rd, cimm6(r));
}

static void c_li(struct insn *d, uint32_t r) { set_i(d, RV_OP_ADDI, bits(r, 11, 7), 0, cimm6(r)); }

static void c_lui_addi16sp(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    if (rd == 2) {
        uint32_t v = bits(r, 12, 12) << 9 | bits(r, 6, 6) << 4 | bits(r, 5, 5) << 6 |
                     bits(r, 4, 3) << 7 | bits(r, 2, 2) << 5;
        set_i(d, v ? RV_OP_ADDI : RV_OP_ILLEGAL, 2, 2, sext(v, 10));
        return;
    }
    int32_t imm = cimm6(r);
    d->op = imm ? RV_OP_LUI : RV_OP_ILLEGAL;
    d->rd = rd;
    d->imm = (int32_t)((uint32_t)imm << 12);
}

static void c_alu(struct insn *d, uint32_t r)
{
    unsigned rd = creg(r, 7);
    switch (bits(r, 11, 10)) {
    case 0:
        set_i(d, RV_OP_SRLI, rd, rd, (int32_t)(bits(r, 12, 12) << 5 | bits(r, 6, 2)));
        return;
    case 1:
        set_i(d, RV_OP_SRAI, rd, rd, (int32_t)(bits(r, 12, 12) << 5 | bits(r, 6, 2)));
        return;
    case 2:
        set_i(d, RV_OP_ANDI, rd, rd, cimm6(r));
        return;
    default: {
        static const uint16_t ops[8] = {
            RV_OP_SUB, RV_OP_XOR, RV_OP_OR, RV_OP_AND, RV_OP_SUBW, RV_OP_ADDW, 0, 0,
        };
        set_r(d, ops[bits(r, 12, 12) << 2 | bits(r, 6, 5)], rd, rd, creg(r, 2));
        return;
    }
    }
}

static void c_j(struct insn *d, uint32_t r)
{
    uint32_t v = bits(r, 12, 12) << 11 | bits(r, 11, 11) << 4 | bits(r, 10, 9) << 8 |
                 bits(r, 8, 8) << 10 | bits(r, 7, 7) << 6 | bits(r, 6, 6) << 7 |
                 bits(r, 5, 3) << 1 | bits(r, 2, 2) << 5;
    d->op = RV_OP_JAL;
    d->imm = sext(v, 12);
}

static int32_t cb_off(uint32_t r)
{
    uint32_t v = bits(r, 12, 12) << 8 | bits(r, 11, 10) << 3 | bits(r, 6, 5) << 6 |
                 bits(r, 4, 3) << 1 | bits(r, 2, 2) << 5;
    return sext(v, 9);
}

static void c_beqz(struct insn *d, uint32_t r) { set_s(d, RV_OP_BEQ, creg(r, 7), 0, cb_off(r)); }
static void c_bnez(struct insn *d, uint32_t r) { set_s(d, RV_OP_BNE, creg(r, 7), 0, cb_off(r)); }

/* Quadrant 2 */

static void c_slli(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    set_i(d, RV_OP_SLLI, rd, rd, (int32_t)(bits(r, 12, 12) << 5 | bits(r, 6, 2)));
}

static void c_fldsp(struct insn *d, uint32_t r)
{
    set_i(d, RV_OP_FLD, bits(r, 11, 7), 2, (int32_t)ci_d_sp_off(r));
}

static void c_lwsp(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    set_i(d, rd ? RV_OP_LW : RV_OP_ILLEGAL, rd, 2, (int32_t)ci_w_sp_off(r));
}

static void c_ldsp(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    set_i(d, rd ? RV_OP_LD : RV_OP_ILLEGAL, rd, 2, (int32_t)ci_d_sp_off(r));
}

static void c_jr_mv_add(struct insn *d, uint32_t r)
{
    unsigned rd = bits(r, 11, 7);
    unsigned rs2 = bits(r, 6, 2);
    if (bits(r, 12, 12) == 0) {
        if (rs2 == 0) {
            set_i(d, rd ? RV_OP_JALR : RV_OP_ILLEGAL, 0, rd, 0); /* c.jr */
        } else {
            set_r(d, RV_OP_ADD, rd, 0, rs2); /* c.mv */
        }
    } else if (rs2 != 0) {
        set_r(d, RV_OP_ADD, rd, rd, rs2); /* c.add */
    } else if (rd == 0) {
        d->op = RV_OP_EBREAK;
    } else {
        set_i(d, RV_OP_JALR, 1, rd, 0); /* c.jalr */
    }
}

static void c_fsdsp(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_FSD, 2, bits(r, 6, 2), (int32_t)css_d_off(r));
}

static void c_swsp(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_SW, 2, bits(r, 6, 2), (int32_t)css_w_off(r));
}

static void c_sdsp(struct insn *d, uint32_t r)
{
    set_s(d, RV_OP_SD, 2, bits(r, 6, 2), (int32_t)css_d_off(r));
}

/* Indexed by funct3 (inst[15:13]) * 3 + quadrant (inst[1:0]). */
static const decode_fn decode_c[24] = {
    c_addi4spn, c_addi,         c_slli,
    c_fld,      c_addiw,        c_fldsp,
    c_lw,       c_li,           c_lwsp,
    c_ld,       c_lui_addi16sp, c_ldsp,
    dec_illegal, c_alu,         c_jr_mv_add,
    c_fsd,      c_j,            c_fsdsp,
    c_sw,       c_beqz,         c_swsp,
    c_sd,       c_bnez,         c_sdsp,
};

void rv_decode(uint32_t raw, struct insn *out)
{
    *out = (struct insn){0};
    if ((raw & 3) == 3) {
        out->len = 4;
        out->raw = raw;
        decode_major[bits(raw, 6, 2)](out, raw);
    } else {
        raw &= 0xffff;
        out->len = 2;
        out->raw = raw;
        decode_c[bits(raw, 15, 13) * 3 + (raw & 3)](out, raw);
    }
}
