/* link: src/riscv/decode.c */
/*
 * test_decode.c — rv_decode() field conventions and robustness.
 *
 * 1. Hand-picked encodings (assembled with riscv64-linux-gnu-as, expected fields written from
 *    the assembly source): every compressed form, hints that must stay legal, reserved forms
 *    that must be illegal, and 32-bit forms covering each immediate convention of insn.h.
 * 2. Every 16-bit value: no crash, len 2, fields in range; each legal one, re-encoded as the
 *    32-bit instruction it expands to, decodes to the same record.
 * 3. Ten million pseudo-random 32-bit values: len 4, fields in range.
 * Prints one line per failed check; exit status 1 if any failed.
 */
#include <stdio.h>
#include <string.h>

#include "../../src/riscv/insn.h"

/* Counts a failed check in *fails (every check function has that parameter); prints 50. */
#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            if ((*fails)++ < 50) {                                                            \
                printf(__VA_ARGS__);                                                          \
                printf("\n");                                                                 \
            }                                                                                 \
        }                                                                                     \
    } while (0)

struct expect {
    uint32_t raw;
    uint16_t op;
    uint8_t rd, rs1, rs2, rs3, rm;
    int32_t imm;
};

#define E(raw, op, rd, rs1, rs2, rs3, rm, imm) {raw, RV_OP_##op, rd, rs1, rs2, rs3, rm, imm}

static const struct expect cases[] = {
    /* every compressed form */
    E(0x1fe8, ADDI, 10, 2, 0, 0, 0, 1020),     /* c.addi4spn a0,sp,1020 */
    E(0x3cfc, FLD, 15, 9, 0, 0, 0, 248),       /* c.fld fa5,248(s1) */
    E(0x5ef0, LW, 12, 13, 0, 0, 0, 124),       /* c.lw a2,124(a3) */
    E(0x7fe0, LD, 8, 15, 0, 0, 0, 248),        /* c.ld s0,248(a5) */
    E(0xa504, FSD, 0, 10, 9, 0, 0, 8),         /* c.fsd fs1,8(a0) */
    E(0xc0b8, SW, 0, 9, 14, 0, 0, 64),         /* c.sw a4,64(s1) */
    E(0xe1dc, SD, 0, 11, 15, 0, 0, 128),       /* c.sd a5,128(a1) */
    E(0x0001, ADDI, 0, 0, 0, 0, 0, 0),         /* c.nop */
    E(0x1281, ADDI, 5, 5, 0, 0, 0, -32),       /* c.addi t0,-32 */
    E(0x257d, ADDIW, 10, 10, 0, 0, 0, 31),     /* c.addiw a0,31 */
    E(0x5dfd, ADDI, 27, 0, 0, 0, 0, -1),       /* c.li s11,-1 */
    E(0x7101, ADDI, 2, 2, 0, 0, 0, -512),      /* c.addi16sp sp,-512 */
    E(0x617d, ADDI, 2, 2, 0, 0, 0, 496),       /* c.addi16sp sp,496 */
    E(0x7785, LUI, 15, 0, 0, 0, 0, -0x1f000),  /* c.lui a5,0xfffe1 */
    E(0x637d, LUI, 6, 0, 0, 0, 0, 0x1f000),    /* c.lui t1,0x1f */
    E(0x92fd, SRLI, 13, 13, 0, 0, 0, 63),      /* c.srli a3,63 */
    E(0x8485, SRAI, 9, 9, 0, 0, 0, 1),         /* c.srai s1,1 */
    E(0x9a3d, ANDI, 12, 12, 0, 0, 0, -17),     /* c.andi a2,-17 */
    E(0x8c1d, SUB, 8, 8, 15, 0, 0, 0),         /* c.sub s0,a5 */
    E(0x8d2d, XOR, 10, 10, 11, 0, 0, 0),       /* c.xor a0,a1 */
    E(0x8f45, OR, 14, 14, 9, 0, 0, 0),         /* c.or a4,s1 */
    E(0x8ef1, AND, 13, 13, 12, 0, 0, 0),       /* c.and a3,a2 */
    E(0x9c89, SUBW, 9, 9, 10, 0, 0, 0),        /* c.subw s1,a0 */
    E(0x9fb9, ADDW, 15, 15, 14, 0, 0, 0),      /* c.addw a5,a4 */
    E(0xb001, JAL, 0, 0, 0, 0, 0, -2048),      /* c.j -2048 */
    E(0xaffd, JAL, 0, 0, 0, 0, 0, 2046),       /* c.j 2046 */
    E(0xd101, BEQ, 0, 10, 0, 0, 0, -256),      /* c.beqz a0,-256 */
    E(0xecfd, BNE, 0, 9, 0, 0, 0, 254),        /* c.bnez s1,254 */
    E(0x1ffe, SLLI, 31, 31, 0, 0, 0, 63),      /* c.slli t6,63 */
    E(0x347e, FLD, 8, 2, 0, 0, 0, 504),        /* c.fldsp fs0,504(sp) */
    E(0x50fe, LW, 1, 2, 0, 0, 0, 252),         /* c.lwsp ra,252(sp) */
    E(0x797e, LD, 18, 2, 0, 0, 0, 504),        /* c.ldsp s2,504(sp) */
    E(0x8282, JALR, 0, 5, 0, 0, 0, 0),         /* c.jr t0 */
    E(0x855e, ADD, 10, 0, 23, 0, 0, 0),        /* c.mv a0,s7 */
    E(0x9002, EBREAK, 0, 0, 0, 0, 0, 0),       /* c.ebreak */
    E(0x9782, JALR, 1, 15, 0, 0, 0, 0),        /* c.jalr a5 */
    E(0x99f6, ADD, 19, 19, 29, 0, 0, 0),       /* c.add s3,t4 */
    E(0xbffe, FSD, 0, 2, 31, 0, 0, 504),       /* c.fsdsp ft11,504(sp) */
    E(0xdfaa, SW, 0, 2, 10, 0, 0, 252),        /* c.swsp a0,252(sp) */
    E(0xff86, SD, 0, 2, 1, 0, 0, 504),         /* c.sdsp ra,504(sp) */
    /* compressed HINTs: legal, executed as no-ops */
    E(0x0005, ADDI, 0, 0, 0, 0, 0, 1),         /* c.nop 1 */
    E(0x4005, ADDI, 0, 0, 0, 0, 0, 1),         /* c.li x0,1 */
    E(0x0081, ADDI, 1, 1, 0, 0, 0, 0),         /* c.addi ra,0 */
    E(0x0006, SLLI, 0, 0, 0, 0, 0, 1),         /* c.slli x0,1 */
    E(0x0082, SLLI, 1, 1, 0, 0, 0, 0),         /* c.slli64 ra */
    E(0x8001, SRLI, 8, 8, 0, 0, 0, 0),         /* c.srli64 s0 */
    E(0x8401, SRAI, 8, 8, 0, 0, 0, 0),         /* c.srai64 s0 */
    E(0x6005, LUI, 0, 0, 0, 0, 0, 4096),       /* c.lui x0,1 */
    E(0x8006, ADD, 0, 0, 1, 0, 0, 0),          /* c.mv x0,ra */
    E(0x9006, ADD, 0, 0, 1, 0, 0, 0),          /* c.add x0,ra */
    /* reserved or non-rv64gc 16-bit encodings */
    E(0x0000, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* all zeros */
    E(0x0004, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.addi4spn imm 0 */
    E(0x2001, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.addiw x0 */
    E(0x4002, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.lwsp x0 */
    E(0x6002, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.ldsp x0 */
    E(0x8002, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.jr x0 */
    E(0x6101, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.addi16sp 0 */
    E(0x6081, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* c.lui ra,0 (Zcmop sspush) */
    E(0x8000, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* Zcb c.lbu */
    E(0x9c41, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* Zcb c.mul */
    E(0x9c75, ILLEGAL, 0, 0, 0, 0, 0, 0),      /* Zcb c.not */
    /* 32-bit: one of each immediate convention */
    E(0xfffff537, LUI, 10, 0, 0, 0, 0, -4096),              /* lui a0,0xfffff */
    E(0x80000297, AUIPC, 5, 0, 0, 0, 0, INT32_MIN),         /* auipc t0,0x80000 */
    E(0x800000ef, JAL, 1, 0, 0, 0, 0, -1048576),            /* jal ra,-1048576 */
    E(0x800605e7, JALR, 11, 12, 0, 0, 0, -2048),            /* jalr a1,-2048(a2) */
    E(0x7eb50fe3, BEQ, 0, 10, 11, 0, 0, 4094),              /* beq a0,a1,4094 */
    E(0x8062f063, BGEU, 0, 5, 6, 0, 0, -4096),              /* bgeu t0,t1,-4096 */
    E(0x80010503, LB, 10, 2, 0, 0, 0, -2048),               /* lb a0,-2048(sp) */
    E(0x7ff06f83, LWU, 31, 0, 0, 0, 0, 2047),               /* lwu t6,2047(zero) */
    E(0xffb53fa3, SD, 0, 10, 27, 0, 0, -1),                 /* sd s11,-1(a0) */
    E(0x80058513, ADDI, 10, 11, 0, 0, 0, -2048),            /* addi a0,a1,-2048 */
    E(0x03f51513, SLLI, 10, 10, 0, 0, 0, 63),               /* slli a0,a0,63 */
    E(0x41135293, SRAI, 5, 6, 0, 0, 0, 17),                 /* srai t0,t1,17 */
    E(0x01f5951b, SLLIW, 10, 11, 0, 0, 0, 31),              /* slliw a0,a1,31 */
    E(0x41f5d51b, SRAIW, 10, 11, 0, 0, 0, 31),              /* sraiw a0,a1,31 */
    E(0x40c58533, SUB, 10, 11, 12, 0, 0, 0),                /* sub a0,a1,a2 */
    E(0x0324a433, MULHSU, 8, 9, 18, 0, 0, 0),               /* mulhsu s0,s1,s2 */
    E(0x027372bb, REMUW, 5, 6, 7, 0, 0, 0),                 /* remuw t0,t1,t2 */
    E(0x0210000f, FENCE, 0, 0, 0, 0, 0x21, 0),              /* fence r,w */
    E(0x8330000f, FENCE, 0, 0, 0, 0, 0x33, 0),              /* fence.tso */
    E(0x0ff5158f, FENCE_I, 0, 0, 0, 0, 0, 0),               /* fence.i, odd fields */
    E(0x00000073, ECALL, 0, 0, 0, 0, 0, 0),
    E(0x00100073, EBREAK, 0, 0, 0, 0, 0, 0),
    E(0x00359573, CSRRW, 10, 11, 0, 0, 0, 3),               /* csrrw a0,fcsr,a1 */
    E(0x001fe073, CSRRSI, 0, 31, 0, 0, 0, 1),               /* csrrsi zero,fflags,31 */
    E(0xfff332f3, CSRRC, 5, 6, 0, 0, 0, 0xfff),             /* csrrc t0,0xfff,t1 */
    E(0x1605b52f, LR_D, 10, 11, 0, 0, 3, 0),                /* lr.d.aqrl a0,(a1) */
    E(0x1ad7262f, SC_W, 12, 14, 13, 0, 1, 0),               /* sc.w.rl a2,a3,(a4) */
    E(0xe463b2af, AMOMAXU_D, 5, 7, 6, 0, 2, 0),             /* amomaxu.d.aq t0,t1,(t2) */
    E(0xffc52507, FLW, 10, 10, 0, 0, 0, -4),                /* flw fa0,-4(a0) */
    E(0x7fb13fa7, FSD, 0, 2, 27, 0, 0, 2047),               /* fsd fs11,2047(sp) */
    E(0x1a20c043, FMADD_D, 0, 1, 2, 3, 4, 0),               /* fmadd.d ft0,ft1,ft2,ft3,rmm */
    E(0x58059553, FSQRT_S, 10, 11, 0, 0, 1, 0),             /* fsqrt.s fa0,fa1,rtz */
    E(0xc2253553, FCVT_L_D, 10, 10, 0, 0, 3, 0),            /* fcvt.l.d a0,fa0,rup */
    E(0xd2150553, FCVT_D_WU, 10, 10, 0, 0, 0, 0),           /* fcvt.d.wu fa0,a0 */
    E(0x00005053, FADD_S, 0, 0, 0, 0, 5, 0),                /* fadd.s, reserved rm 5 */
    E(0x20c5a553, FSGNJX_S, 10, 11, 12, 0, 0, 0),           /* fsgnjx.s fa0,fa1,fa2 */
    E(0xe20f8553, FMV_X_D, 10, 31, 0, 0, 0, 0),             /* fmv.x.d a0,ft11 */
    E(0xe00995d3, FCLASS_S, 11, 19, 0, 0, 0, 0),            /* fclass.s a1,fs3 */
    E(0xa2c5a553, FEQ_D, 10, 11, 12, 0, 0, 0),              /* feq.d a0,fa1,fa2 */
    E(0x20c5c53b, SH2ADD_UW, 10, 11, 12, 0, 0, 0),          /* sh2add.uw a0,a1,a2 */
    E(0x0bf5951b, SLLI_UW, 10, 11, 0, 0, 0, 63),            /* slli.uw a0,a1,63 */
    E(0x6005951b, CLZW, 10, 11, 0, 0, 0, 0),                /* clzw a0,a1 */
    E(0x6b85d513, REV8, 10, 11, 0, 0, 0, 0),                /* rev8 a0,a1 */
    E(0x28735293, ORC_B, 5, 6, 0, 0, 0, 0),                 /* orc.b t0,t1 */
    E(0x63f5d513, RORI, 10, 11, 0, 0, 0, 63),               /* rori a0,a1,63 */
    E(0x61f5d51b, RORIW, 10, 11, 0, 0, 0, 31),              /* roriw a0,a1,31 */
    E(0x4bf5d513, BEXTI, 10, 11, 0, 0, 0, 63),              /* bexti a0,a1,63 */
    E(0x0805c53b, ZEXT_H, 10, 11, 0, 0, 0, 0),              /* zext.h a0,a1 */
    E(0x60459513, SEXT_B, 10, 11, 0, 0, 0, 0),              /* sext.b a0,a1 */
    E(0x0000302f, AMOADD_D, 0, 0, 0, 0, 0, 0),              /* funct5 0 is not a table hole */
    E(0x12b50073, SFENCE_VMA, 0, 10, 11, 0, 0, 0),          /* sfence.vma a0,a1 */
    E(0x10500073, WFI, 0, 0, 0, 0, 0, 0),
    /* 32-bit encodings outside rv64gc+Zb* */
    E(0x10b5252f, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* lr.w with rs2 != 0 */
    E(0x00100573, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* ebreak with rd != 0 */
    E(0x00200073, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* uret */
    E(0x0000200f, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* cbo.* (Zicbom) */
    E(0x0a001033, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* clmul (Zbc) */
    E(0x0810403b, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* packw (Zbkb) */
    E(0x0200101b, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* slliw shamt 32 */
    E(0x4200501b, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* sraiw shamt 32 */
    E(0x06000053, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* fadd.q */
    E(0x04000053, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* fadd.h */
    E(0x00007007, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* vector load */
    E(0xf0100053, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* fli.s (Zfa) */
    E(0x2800a053, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* fminm.s (Zfa) */
    E(0x0000007f, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* reserved opcode */
    E(0x00002063, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* branch funct3 2 */
    E(0x00001067, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* jalr funct3 1 */
    E(0x00004073, ILLEGAL, 0, 0, 0, 0, 0, 0),  /* SYSTEM funct3 4 */
};

static void check_cases(unsigned *fails)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct expect *e = &cases[i];
        struct insn d;
        rv_decode(e->raw, &d);
        unsigned want_len = (e->raw & 3) == 3 ? 4 : 2;
        CHECK(d.len == want_len, "%08x: len %u, want %u", e->raw, d.len, want_len);
        CHECK(d.raw == e->raw, "%08x: raw %08x", e->raw, d.raw);
        CHECK(d.op == e->op, "%08x: op %s, want %s", e->raw, rv_op_name[d.op], rv_op_name[e->op]);
        if (e->op == RV_OP_ILLEGAL || d.op != e->op) {
            continue;
        }
        CHECK(d.rd == e->rd && d.rs1 == e->rs1 && d.rs2 == e->rs2 && d.rs3 == e->rs3,
              "%08x %s: regs %u,%u,%u,%u want %u,%u,%u,%u", e->raw, rv_op_name[d.op], d.rd,
              d.rs1, d.rs2, d.rs3, e->rd, e->rs1, e->rs2, e->rs3);
        CHECK(d.rm == e->rm, "%08x %s: rm %u want %u", e->raw, rv_op_name[d.op], d.rm, e->rm);
        CHECK(d.imm == e->imm, "%08x %s: imm %d want %d", e->raw, rv_op_name[d.op], d.imm,
              e->imm);
    }
}

/* ---- 32-bit encoders for the rows compressed forms expand to ---- */

static uint32_t enc_r(uint32_t opc, unsigned f3, unsigned f7, const struct insn *d)
{
    return f7 << 25 | (uint32_t)d->rs2 << 20 | (uint32_t)d->rs1 << 15 | f3 << 12 |
           (uint32_t)d->rd << 7 | opc;
}

static uint32_t enc_i(uint32_t opc, unsigned f3, const struct insn *d, uint32_t imm12)
{
    return (imm12 & 0xfff) << 20 | (uint32_t)d->rs1 << 15 | f3 << 12 | (uint32_t)d->rd << 7 |
           opc;
}

static uint32_t enc_s(uint32_t opc, unsigned f3, const struct insn *d)
{
    uint32_t imm = (uint32_t)d->imm;
    return (imm >> 5 & 0x7f) << 25 | (uint32_t)d->rs2 << 20 | (uint32_t)d->rs1 << 15 |
           f3 << 12 | (imm & 31) << 7 | opc;
}

static uint32_t enc_b(unsigned f3, const struct insn *d)
{
    uint32_t imm = (uint32_t)d->imm;
    return (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 | (uint32_t)d->rs2 << 20 |
           (uint32_t)d->rs1 << 15 | f3 << 12 | (imm >> 1 & 15) << 8 | (imm >> 11 & 1) << 7 |
           0x63;
}

static uint32_t enc_j(const struct insn *d)
{
    uint32_t imm = (uint32_t)d->imm;
    return (imm >> 20 & 1) << 31 | (imm >> 1 & 0x3ff) << 21 | (imm >> 11 & 1) << 20 |
           (imm >> 12 & 0xff) << 12 | (uint32_t)d->rd << 7 | 0x6f;
}

/* The 32-bit encoding of a row a compressed instruction can expand to; 0 if none. */
static uint32_t encode_base(const struct insn *d)
{
    uint32_t imm = (uint32_t)d->imm;
    switch (d->op) {
    case RV_OP_ADDI: return enc_i(0x13, 0, d, imm);
    case RV_OP_ANDI: return enc_i(0x13, 7, d, imm);
    case RV_OP_SLLI: return enc_i(0x13, 1, d, imm);
    case RV_OP_SRLI: return enc_i(0x13, 5, d, imm);
    case RV_OP_SRAI: return enc_i(0x13, 5, d, imm | 0x400);
    case RV_OP_ADDIW: return enc_i(0x1b, 0, d, imm);
    case RV_OP_LW: return enc_i(0x03, 2, d, imm);
    case RV_OP_LD: return enc_i(0x03, 3, d, imm);
    case RV_OP_FLD: return enc_i(0x07, 3, d, imm);
    case RV_OP_JALR: return enc_i(0x67, 0, d, imm);
    case RV_OP_SW: return enc_s(0x23, 2, d);
    case RV_OP_SD: return enc_s(0x23, 3, d);
    case RV_OP_FSD: return enc_s(0x27, 3, d);
    case RV_OP_BEQ: return enc_b(0, d);
    case RV_OP_BNE: return enc_b(1, d);
    case RV_OP_JAL: return enc_j(d);
    case RV_OP_LUI: return (imm & 0xfffff000u) | (uint32_t)d->rd << 7 | 0x37;
    case RV_OP_ADD: return enc_r(0x33, 0, 0x00, d);
    case RV_OP_SUB: return enc_r(0x33, 0, 0x20, d);
    case RV_OP_XOR: return enc_r(0x33, 4, 0x00, d);
    case RV_OP_OR: return enc_r(0x33, 6, 0x00, d);
    case RV_OP_AND: return enc_r(0x33, 7, 0x00, d);
    case RV_OP_ADDW: return enc_r(0x3b, 0, 0x00, d);
    case RV_OP_SUBW: return enc_r(0x3b, 0, 0x20, d);
    case RV_OP_EBREAK: return 0x00100073;
    default: return 0;
    }
}

static bool fields_in_range(const struct insn *d)
{
    return d->op < RV_OP_COUNT && d->rd < 32 && d->rs1 < 32 && d->rs2 < 32 && d->rs3 < 32;
}

static void check_all_16bit(unsigned *fails)
{
    unsigned legal = 0;
    for (uint32_t v = 0; v < 0x10000; v++) {
        struct insn d;
        rv_decode(v, &d);
        /* upper halfword garbage must be ignored for 16-bit encodings */
        struct insn g;
        rv_decode(v | 0xabcd0000u, &g);
        if ((v & 3) == 3) {
            CHECK(d.len == 4, "%04x: len %u, want 4", v, d.len);
            continue;
        }
        CHECK(d.len == 2, "%04x: len %u, want 2", v, d.len);
        CHECK(memcmp(&d, &g, sizeof(d)) == 0, "%04x: upper halfword changed the result", v);
        CHECK(fields_in_range(&d), "%04x: field out of range", v);
        if (d.op == RV_OP_ILLEGAL) {
            continue;
        }
        legal++;
        uint32_t base = encode_base(&d);
        CHECK(base != 0, "%04x: expands to unexpected row %s", v, rv_op_name[d.op]);
        if (!base) {
            continue;
        }
        struct insn b;
        rv_decode(base, &b);
        CHECK(b.op == d.op && b.rd == d.rd && b.rs1 == d.rs1 && b.rs2 == d.rs2 &&
                  b.rs3 == d.rs3 && b.rm == d.rm && b.imm == d.imm && b.len == 4,
              "%04x (%s): expansion %08x decodes differently", v, rv_op_name[d.op], base);
    }
    /* 49152 values minus the reserved/Zcb/Zcmop ones; guards against a decoder that rejects
     * everything. */
    CHECK(legal > 40000, "only %u legal 16-bit encodings", legal);
}

static void check_random_32bit(unsigned *fails)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    unsigned legal = 0;
    for (unsigned i = 0; i < 10 * 1000 * 1000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t raw = (uint32_t)(x >> 16) | 3;
        struct insn d;
        rv_decode(raw, &d);
        CHECK(d.len == 4 && d.raw == raw, "%08x: len %u raw %08x", raw, d.len, d.raw);
        CHECK(fields_in_range(&d), "%08x: field out of range", raw);
        legal += d.op != RV_OP_ILLEGAL;
    }
    CHECK(legal > 1000000, "only %u of 10M random encodings legal", legal);
}

static void check_tables(unsigned *fails)
{
    for (unsigned op = 0; op < RV_OP_COUNT; op++) {
        CHECK(rv_op_name[op] && rv_op_name[op][0], "op %u has no name", op);
        bool mem = rv_op_flags[op] & (INSN_LOAD | INSN_STORE);
        CHECK(mem || rv_op_mem_log2[op] == 0, "%s: access size without access", rv_op_name[op]);
        CHECK(rv_op_mem_log2[op] <= 3, "%s: access size", rv_op_name[op]);
    }
    CHECK(rv_op_flags[RV_OP_ILLEGAL] & INSN_TRAP, "illegal row lacks INSN_TRAP");
}

int main(void)
{
    unsigned fails = 0;
    check_tables(&fails);
    check_cases(&fails);
    check_all_16bit(&fails);
    check_random_32bit(&fails);
    if (fails) {
        printf("test_decode: %u failed checks\n", fails);
        return 1;
    }
    return 0;
}
