/*
 * disas.c — rv_disas(): the text QEMU 10.2's RISC-V disassembler prints for an encoding.
 *
 * Table-driven: the encoding goes through rv_decode(), the op's row in insn.def gives the
 * mnemonic, op_tmpl[] below gives its operand template, and pseudo_rules[] picks the alias QEMU
 * prints for particular operand patterns (mv, nop, bgt with swapped operands, frflags, ...).
 * Text layout: the mnemonic is padded to 24 columns (also when no operand follows); pc-relative
 * forms append "# 0x<target>" at column 48. A few encodings print differently from what the
 * executing decoder accepts (QEMU names some reserved encodings and calls some hints illegal,
 * and shows Zcb / Zcmop compressed forms that plume never executes); view_rules[] lists those
 * and is consulted before the row lookup.
 *
 * The ground truth is shared/oracle (every line is checked by tests/unit/test_disas.c).
 * Threading: pure functions over constant tables; callable from any thread.
 */
#include <stdio.h>
#include <string.h>

#include "insn.h"

/*
 * Operand templates, one character per item:
 *   d s t     integer rd, rs1, rs2          D S T R   FP rd, rs1, rs2, rs3
 *   i         imm as signed decimal         u         imm >> 12 as signed decimal (lui/auipc)
 *   U         imm >> 12 as unsigned 20 bits o         imm(rs1)
 *   a         (rs1)                         m         rounding mode name
 *   c         CSR name or 0x%03x            z         rs1 as a number (CSR uimm)
 *   f         fence pred,succ sets          b         "# 0x<pc + imm>" at column 48
 *   ,         a comma
 * A NULL template means no operands.
 */
static const char *const op_tmpl[RV_OP_COUNT] = {
    [RV_OP_LUI] = "d,u",       [RV_OP_AUIPC] = "d,ub",    [RV_OP_JAL] = "d,ib",
    [RV_OP_JALR] = "d,s,i",    [RV_OP_BEQ] = "s,t,ib",    [RV_OP_BNE] = "s,t,ib",
    [RV_OP_BLT] = "s,t,ib",    [RV_OP_BGE] = "s,t,ib",    [RV_OP_BLTU] = "s,t,ib",
    [RV_OP_BGEU] = "s,t,ib",   [RV_OP_LB] = "d,o",        [RV_OP_LH] = "d,o",
    [RV_OP_LW] = "d,o",        [RV_OP_LD] = "d,o",        [RV_OP_LBU] = "d,o",
    [RV_OP_LHU] = "d,o",       [RV_OP_LWU] = "d,o",       [RV_OP_SB] = "t,o",
    [RV_OP_SH] = "t,o",        [RV_OP_SW] = "t,o",        [RV_OP_SD] = "t,o",
    [RV_OP_ADDI] = "d,s,i",    [RV_OP_SLTI] = "d,s,i",    [RV_OP_SLTIU] = "d,s,i",
    [RV_OP_XORI] = "d,s,i",    [RV_OP_ORI] = "d,s,i",     [RV_OP_ANDI] = "d,s,i",
    [RV_OP_SLLI] = "d,s,i",    [RV_OP_SRLI] = "d,s,i",    [RV_OP_SRAI] = "d,s,i",
    [RV_OP_ADD] = "d,s,t",     [RV_OP_SUB] = "d,s,t",     [RV_OP_SLL] = "d,s,t",
    [RV_OP_SLT] = "d,s,t",     [RV_OP_SLTU] = "d,s,t",    [RV_OP_XOR] = "d,s,t",
    [RV_OP_SRL] = "d,s,t",     [RV_OP_SRA] = "d,s,t",     [RV_OP_OR] = "d,s,t",
    [RV_OP_AND] = "d,s,t",     [RV_OP_ADDIW] = "d,s,i",   [RV_OP_SLLIW] = "d,s,i",
    [RV_OP_SRLIW] = "d,s,i",   [RV_OP_SRAIW] = "d,s,i",   [RV_OP_ADDW] = "d,s,t",
    [RV_OP_SUBW] = "d,s,t",    [RV_OP_SLLW] = "d,s,t",    [RV_OP_SRLW] = "d,s,t",
    [RV_OP_SRAW] = "d,s,t",    [RV_OP_FENCE] = "f",       [RV_OP_SFENCE_VMA] = "s,t",
    [RV_OP_CSRRW] = "d,c,s",   [RV_OP_CSRRS] = "d,c,s",   [RV_OP_CSRRC] = "d,c,s",
    [RV_OP_CSRRWI] = "d,c,z",  [RV_OP_CSRRSI] = "d,c,z",  [RV_OP_CSRRCI] = "d,c,z",
    [RV_OP_MUL] = "d,s,t",     [RV_OP_MULH] = "d,s,t",    [RV_OP_MULHSU] = "d,s,t",
    [RV_OP_MULHU] = "d,s,t",   [RV_OP_DIV] = "d,s,t",     [RV_OP_DIVU] = "d,s,t",
    [RV_OP_REM] = "d,s,t",     [RV_OP_REMU] = "d,s,t",    [RV_OP_MULW] = "d,s,t",
    [RV_OP_DIVW] = "d,s,t",    [RV_OP_DIVUW] = "d,s,t",   [RV_OP_REMW] = "d,s,t",
    [RV_OP_REMUW] = "d,s,t",
    [RV_OP_LR_W] = "d,a",      [RV_OP_SC_W] = "d,t,a",    [RV_OP_AMOSWAP_W] = "d,t,a",
    [RV_OP_AMOADD_W] = "d,t,a", [RV_OP_AMOXOR_W] = "d,t,a", [RV_OP_AMOAND_W] = "d,t,a",
    [RV_OP_AMOOR_W] = "d,t,a", [RV_OP_AMOMIN_W] = "d,t,a", [RV_OP_AMOMAX_W] = "d,t,a",
    [RV_OP_AMOMINU_W] = "d,t,a", [RV_OP_AMOMAXU_W] = "d,t,a",
    [RV_OP_LR_D] = "d,a",      [RV_OP_SC_D] = "d,t,a",    [RV_OP_AMOSWAP_D] = "d,t,a",
    [RV_OP_AMOADD_D] = "d,t,a", [RV_OP_AMOXOR_D] = "d,t,a", [RV_OP_AMOAND_D] = "d,t,a",
    [RV_OP_AMOOR_D] = "d,t,a", [RV_OP_AMOMIN_D] = "d,t,a", [RV_OP_AMOMAX_D] = "d,t,a",
    [RV_OP_AMOMINU_D] = "d,t,a", [RV_OP_AMOMAXU_D] = "d,t,a",
    [RV_OP_FLW] = "D,o",       [RV_OP_FSW] = "T,o",
    [RV_OP_FMADD_S] = "m,D,S,T,R", [RV_OP_FMSUB_S] = "m,D,S,T,R",
    [RV_OP_FNMSUB_S] = "m,D,S,T,R", [RV_OP_FNMADD_S] = "m,D,S,T,R",
    [RV_OP_FADD_S] = "m,D,S,T", [RV_OP_FSUB_S] = "m,D,S,T", [RV_OP_FMUL_S] = "m,D,S,T",
    [RV_OP_FDIV_S] = "m,D,S,T", [RV_OP_FSQRT_S] = "m,D,S",  [RV_OP_FSGNJ_S] = "D,S,T",
    [RV_OP_FSGNJN_S] = "D,S,T", [RV_OP_FSGNJX_S] = "D,S,T", [RV_OP_FMIN_S] = "D,S,T",
    [RV_OP_FMAX_S] = "D,S,T",   [RV_OP_FCVT_W_S] = "m,d,S", [RV_OP_FCVT_WU_S] = "m,d,S",
    [RV_OP_FMV_X_W] = "d,S",    [RV_OP_FEQ_S] = "d,S,T",    [RV_OP_FLT_S] = "d,S,T",
    [RV_OP_FLE_S] = "d,S,T",    [RV_OP_FCLASS_S] = "d,S",   [RV_OP_FCVT_S_W] = "m,D,s",
    [RV_OP_FCVT_S_WU] = "m,D,s", [RV_OP_FMV_W_X] = "D,s",   [RV_OP_FCVT_L_S] = "m,d,S",
    [RV_OP_FCVT_LU_S] = "m,d,S", [RV_OP_FCVT_S_L] = "m,D,s", [RV_OP_FCVT_S_LU] = "m,D,s",
    [RV_OP_FLD] = "D,o",        [RV_OP_FSD] = "T,o",
    [RV_OP_FMADD_D] = "m,D,S,T,R", [RV_OP_FMSUB_D] = "m,D,S,T,R",
    [RV_OP_FNMSUB_D] = "m,D,S,T,R", [RV_OP_FNMADD_D] = "m,D,S,T,R",
    [RV_OP_FADD_D] = "m,D,S,T", [RV_OP_FSUB_D] = "m,D,S,T", [RV_OP_FMUL_D] = "m,D,S,T",
    [RV_OP_FDIV_D] = "m,D,S,T", [RV_OP_FSQRT_D] = "m,D,S",  [RV_OP_FSGNJ_D] = "D,S,T",
    [RV_OP_FSGNJN_D] = "D,S,T", [RV_OP_FSGNJX_D] = "D,S,T", [RV_OP_FMIN_D] = "D,S,T",
    [RV_OP_FMAX_D] = "D,S,T",   [RV_OP_FCVT_S_D] = "m,D,S", [RV_OP_FCVT_D_S] = "m,D,S",
    [RV_OP_FEQ_D] = "d,S,T",    [RV_OP_FLT_D] = "d,S,T",    [RV_OP_FLE_D] = "d,S,T",
    [RV_OP_FCLASS_D] = "d,S",   [RV_OP_FCVT_W_D] = "m,d,S", [RV_OP_FCVT_WU_D] = "m,d,S",
    [RV_OP_FCVT_D_W] = "m,D,s", [RV_OP_FCVT_D_WU] = "m,D,s", [RV_OP_FCVT_L_D] = "m,d,S",
    [RV_OP_FCVT_LU_D] = "m,d,S", [RV_OP_FMV_X_D] = "d,S",   [RV_OP_FCVT_D_L] = "m,D,s",
    [RV_OP_FCVT_D_LU] = "m,D,s", [RV_OP_FMV_D_X] = "D,s",
    [RV_OP_SH1ADD] = "d,s,t",   [RV_OP_SH2ADD] = "d,s,t",   [RV_OP_SH3ADD] = "d,s,t",
    [RV_OP_ADD_UW] = "d,s,t",   [RV_OP_SH1ADD_UW] = "d,s,t", [RV_OP_SH2ADD_UW] = "d,s,t",
    [RV_OP_SH3ADD_UW] = "d,s,t", [RV_OP_SLLI_UW] = "d,s,i",
    [RV_OP_ANDN] = "d,s,t",     [RV_OP_ORN] = "d,s,t",      [RV_OP_XNOR] = "d,s,t",
    [RV_OP_CLZ] = "d,s",        [RV_OP_CTZ] = "d,s",        [RV_OP_CPOP] = "d,s",
    [RV_OP_CLZW] = "d,s",       [RV_OP_CTZW] = "d,s",       [RV_OP_CPOPW] = "d,s",
    [RV_OP_MAX] = "d,s,t",      [RV_OP_MAXU] = "d,s,t",     [RV_OP_MIN] = "d,s,t",
    [RV_OP_MINU] = "d,s,t",     [RV_OP_SEXT_B] = "d,s",     [RV_OP_SEXT_H] = "d,s",
    [RV_OP_ZEXT_H] = "d,s",     [RV_OP_ROL] = "d,s,t",      [RV_OP_ROR] = "d,s,t",
    [RV_OP_RORI] = "d,s,i",     [RV_OP_ROLW] = "d,s,t",     [RV_OP_RORW] = "d,s,t",
    [RV_OP_RORIW] = "d,s,i",    [RV_OP_ORC_B] = "d,s",      [RV_OP_REV8] = "d,s",
    [RV_OP_BCLR] = "d,s,t",     [RV_OP_BCLRI] = "d,s,i",    [RV_OP_BEXT] = "d,s,t",
    [RV_OP_BEXTI] = "d,s,i",    [RV_OP_BINV] = "d,s,t",     [RV_OP_BINVI] = "d,s,i",
    [RV_OP_BSET] = "d,s,t",     [RV_OP_BSETI] = "d,s,i",
};

/* Operand patterns under which QEMU prints an alias. */
enum pseudo_cond {
    PC_ALWAYS,
    PC_NOP,         /* rd = rs1 = x0, imm = 0 */
    PC_IMM_0,
    PC_IMM_M1,
    PC_IMM_1,
    PC_RD_0,
    PC_RS1_0,
    PC_RS2_0,
    PC_RS1_EQ_RS2,
    PC_RET,         /* rd = x0, rs1 = ra (any offset) */
    PC_JR,          /* rd = x0, imm = 0 */
    PC_CSR,         /* CSR number = arg */
    PC_CSR_READ,    /* CSR number = arg and rs1 = x0 */
};

struct pseudo_rule {
    uint16_t op;
    uint8_t cond;
    uint16_t arg;
    const char *mnem;
    const char *tmpl;
};

/* First matching rule of an op wins; rules of one op are adjacent, in priority order. */
static const struct pseudo_rule pseudo_rules[] = {
    {RV_OP_AUIPC, PC_RD_0, 0, "lpad", "U"},
    {RV_OP_JAL, PC_RD_0, 0, "j", "ib"},
    {RV_OP_JALR, PC_RET, 0, "ret", NULL},
    {RV_OP_JALR, PC_JR, 0, "jr", "s"},
    {RV_OP_BEQ, PC_RS2_0, 0, "beqz", "s,ib"},
    {RV_OP_BNE, PC_RS2_0, 0, "bnez", "s,ib"},
    {RV_OP_BLT, PC_RS2_0, 0, "bltz", "s,ib"},
    {RV_OP_BLT, PC_RS1_0, 0, "bgtz", "t,ib"},
    {RV_OP_BLT, PC_ALWAYS, 0, "bgt", "t,s,ib"},
    {RV_OP_BGE, PC_RS2_0, 0, "bgez", "s,ib"},
    {RV_OP_BGE, PC_RS1_0, 0, "blez", "t,ib"},
    {RV_OP_BGE, PC_ALWAYS, 0, "ble", "t,s,ib"},
    {RV_OP_BLTU, PC_ALWAYS, 0, "bgtu", "t,s,ib"},
    {RV_OP_BGEU, PC_ALWAYS, 0, "bleu", "t,s,ib"},
    {RV_OP_ADDI, PC_NOP, 0, "nop", NULL},
    {RV_OP_ADDI, PC_IMM_0, 0, "mv", "d,s"},
    {RV_OP_SLTIU, PC_IMM_1, 0, "seqz", "d,s"},
    {RV_OP_XORI, PC_IMM_M1, 0, "not", "d,s"},
    {RV_OP_SUB, PC_RS1_0, 0, "neg", "d,t"},
    {RV_OP_SLT, PC_RS2_0, 0, "sltz", "d,s"},
    {RV_OP_SLT, PC_RS1_0, 0, "sgtz", "d,t"},
    {RV_OP_SLTU, PC_RS1_0, 0, "snez", "d,t"},
    {RV_OP_ADDIW, PC_IMM_0, 0, "sext.w", "d,s"},
    {RV_OP_SUBW, PC_RS1_0, 0, "negw", "d,t"},
    {RV_OP_CSRRW, PC_CSR, 0x001, "fsflags", "d,s"},
    {RV_OP_CSRRW, PC_CSR, 0x002, "fsrm", "d,s"},
    {RV_OP_CSRRW, PC_CSR, 0x003, "fscsr", "d,s"},
    {RV_OP_CSRRS, PC_CSR_READ, 0x001, "frflags", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0x002, "frrm", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0x003, "frcsr", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc00, "rdcycle", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc01, "rdtime", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc02, "rdinstret", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc80, "rdcycleh", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc81, "rdtimeh", "d"},
    {RV_OP_CSRRS, PC_CSR_READ, 0xc82, "rdinstreth", "d"},
    {RV_OP_CSRRWI, PC_CSR, 0x001, "fsflagsi", "d,z"},
    {RV_OP_CSRRWI, PC_CSR, 0x002, "fsrmi", "d,z"},
    {RV_OP_FSGNJ_S, PC_RS1_EQ_RS2, 0, "fmv.s", "D,S"},
    {RV_OP_FSGNJN_S, PC_RS1_EQ_RS2, 0, "fneg.s", "D,S"},
    {RV_OP_FSGNJX_S, PC_RS1_EQ_RS2, 0, "fabs.s", "D,S"},
    {RV_OP_FSGNJ_D, PC_RS1_EQ_RS2, 0, "fmv.d", "D,S"},
    {RV_OP_FSGNJN_D, PC_RS1_EQ_RS2, 0, "fneg.d", "D,S"},
    {RV_OP_FSGNJX_D, PC_RS1_EQ_RS2, 0, "fabs.d", "D,S"},
    {RV_OP_FMV_X_W, PC_ALWAYS, 0, "fmv.x.s", "d,S"},
    {RV_OP_FMV_W_X, PC_ALWAYS, 0, "fmv.s.x", "D,s"},
};

/*
 * Where QEMU's view of an encoding differs from the executing decoder's: QEMU calls some
 * architectural hints illegal (c.addi rd,0, c.slli64, ...), names some reserved encodings
 * (c.lwsp x0, c.jr x0, uret, ...), prints c.mv as mv, and shows Zcb / Zcmop compressed forms that
 * plume never executes. Checked in order before the decoded row; the first match wins.
 */
enum view_action {
    VA_KEEP,    /* print the decoded row as usual */
    VA_ILLEGAL, /* print "illegal" */
    VA_AS_OP,   /* print the decoded fields as row `op` */
    VA_TEXT,    /* print mnem/tmpl over the fields selected by `fields` */
};

enum view_fields {
    VF_DECODED, /* the fields rv_decode filled in */
    VF_CL_B,    /* Zcb byte load/store: rd = rs2 = inst[4:2]', rs1 = inst[9:7]', uimm[1:0] */
    VF_CL_H,    /* Zcb halfword load/store: as VF_CL_B with uimm[1] only */
    VF_CA,      /* rd = inst[9:7]', rs2 = inst[4:2]' */
    VF_CI,      /* rd = inst[11:7] */
};

struct view_rule {
    uint32_t mask, match;
    uint8_t action, fields;
    uint16_t op;
    const char *mnem, *tmpl;
};

static const struct view_rule view_rules[] = {
    /* 32-bit: privileged returns outside rv64gc that QEMU still names */
    {0xffffffff, 0x00200073, VA_TEXT, VF_DECODED, 0, "uret", NULL},
    {0xffffffff, 0x7b200073, VA_TEXT, VF_DECODED, 0, "dret", NULL},
    /* quadrant 0: Zcb loads and stores */
    {0xfc03, 0x8000, VA_TEXT, VF_CL_B, 0, "c.lbu", "d,o"},
    {0xfc43, 0x8400, VA_TEXT, VF_CL_H, 0, "c.lhu", "d,o"},
    {0xfc43, 0x8440, VA_TEXT, VF_CL_H, 0, "c.lh", "d,o"},
    {0xfc03, 0x8800, VA_TEXT, VF_CL_B, 0, "c.sb", "t,o"},
    {0xfc43, 0x8c00, VA_TEXT, VF_CL_H, 0, "c.sh", "t,o"},
    /* quadrant 1 */
    {0xffff, 0x0001, VA_KEEP, VF_DECODED, 0, NULL, NULL},             /* c.nop */
    {0xf07f, 0x0001, VA_ILLEGAL, VF_DECODED, 0, NULL, NULL},          /* c.addi rd,0 */
    {0xef83, 0x2001, VA_AS_OP, VF_DECODED, RV_OP_ADDIW, NULL, NULL},  /* c.addiw x0 */
    {0xffff, 0x6081, VA_TEXT, VF_CI, 0, "sspush", "d"},
    {0xffff, 0x6181, VA_TEXT, VF_CI, 0, "c.mop.3", NULL},
    {0xffff, 0x6281, VA_TEXT, VF_CI, 0, "sspopchk", "d"},
    {0xffff, 0x6381, VA_TEXT, VF_CI, 0, "c.mop.7", NULL},
    {0xffff, 0x6481, VA_TEXT, VF_CI, 0, "c.mop.9", NULL},
    {0xffff, 0x6581, VA_TEXT, VF_CI, 0, "c.mop.11", NULL},
    {0xffff, 0x6681, VA_TEXT, VF_CI, 0, "c.mop.13", NULL},
    {0xffff, 0x6781, VA_TEXT, VF_CI, 0, "c.mop.15", NULL},
    {0xf87f, 0x8001, VA_ILLEGAL, VF_DECODED, 0, NULL, NULL},          /* c.srli64/c.srai64 */
    {0xfc63, 0x9c41, VA_TEXT, VF_CA, 0, "c.mul", "d,t"},
    {0xfc7f, 0x9c61, VA_TEXT, VF_CA, 0, "c.zext.b", "d"},
    {0xfc7f, 0x9c65, VA_TEXT, VF_CA, 0, "c.sext.b", "d"},
    {0xfc7f, 0x9c69, VA_TEXT, VF_CA, 0, "c.zext.h", "d"},
    {0xfc7f, 0x9c6d, VA_TEXT, VF_CA, 0, "c.sext.h", "d"},
    {0xfc7f, 0x9c71, VA_TEXT, VF_CA, 0, "c.zext.w", "d"},
    {0xfc7f, 0x9c75, VA_TEXT, VF_CA, 0, "c.not", "d"},
    /* quadrant 2 */
    {0xf07f, 0x0002, VA_ILLEGAL, VF_DECODED, 0, NULL, NULL},          /* c.slli64 */
    {0xef83, 0x4002, VA_AS_OP, VF_DECODED, RV_OP_LW, NULL, NULL},     /* c.lwsp x0 */
    {0xef83, 0x6002, VA_AS_OP, VF_DECODED, RV_OP_LD, NULL, NULL},     /* c.ldsp x0 */
    {0xffff, 0x8002, VA_AS_OP, VF_DECODED, RV_OP_JALR, NULL, NULL},   /* c.jr x0 */
    {0xf07f, 0x8002, VA_KEEP, VF_DECODED, 0, NULL, NULL},             /* c.jr */
    {0xf003, 0x8002, VA_TEXT, VF_DECODED, 0, "mv", "d,t"},            /* c.mv */
};

static const char *const xreg_names[32] = {
    "zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3",  "a4",  "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8",  "s9",  "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const freg_names[32] = {
    "ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",  "fs0", "fs1", "fa0",
    "fa1", "fa2", "fa3",  "fa4",  "fa5", "fa6", "fa7",  "fs2",  "fs3", "fs4", "fs5",
    "fs6", "fs7", "fs8",  "fs9",  "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *const rm_names[8] = {"rne", "rtz", "rdn", "rup", "rmm", "inv", "inv", "dyn"};

/* Column where the mnemonic's operands start, and where a "# 0x..." target comment starts. */
enum { OPERAND_COL = 24, TARGET_COL = 48 };

/* Append-only text cursor over the caller's RV_DISAS_MAX buffer. */
struct text {
    char *buf;
    size_t len;
};

static void put_str(struct text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n >= RV_DISAS_MAX) {
        n = RV_DISAS_MAX - 1 - t->len;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void put_fmt(struct text *t, const char *fmt, long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof(tmp), fmt, v);
    put_str(t, tmp);
}

static void pad_to(struct text *t, size_t col)
{
    while (t->len < col && t->len < RV_DISAS_MAX - 1) {
        t->buf[t->len++] = ' ';
    }
    t->buf[t->len] = '\0';
}

static void put_fence_set(struct text *t, unsigned set)
{
    static const char letters[4] = {'i', 'o', 'r', 'w'};
    char s[5];
    size_t n = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (set & (8u >> i)) {
            s[n++] = letters[i];
        }
    }
    s[n] = '\0';
    put_str(t, s);
}

static void put_csr(struct text *t, unsigned csr)
{
    char name[24];
    if (rv_csr_name(csr, name, sizeof(name))) {
        put_str(t, name);
    } else {
        put_fmt(t, "0x%03llx", csr);
    }
}

/* The mnemonic, with the .aq/.rl suffix of the A rows. */
static void put_mnemonic(struct text *t, const struct insn *d, const char *mnem)
{
    put_str(t, mnem);
    if (rv_op_flags[d->op] & INSN_ATOMIC) {
        if (d->rm & 2) {
            put_str(t, ".aq");
        }
        if (d->rm & 1) {
            put_str(t, ".rl");
        }
    }
    pad_to(t, OPERAND_COL);
}

static void render(struct text *t, uint64_t pc, const struct insn *d, const char *mnem,
                   const char *tmpl)
{
    put_mnemonic(t, d, mnem);
    for (const char *p = tmpl; p && *p; p++) {
        switch (*p) {
        case 'd': put_str(t, xreg_names[d->rd]); break;
        case 's': put_str(t, xreg_names[d->rs1]); break;
        case 't': put_str(t, xreg_names[d->rs2]); break;
        case 'D': put_str(t, freg_names[d->rd]); break;
        case 'S': put_str(t, freg_names[d->rs1]); break;
        case 'T': put_str(t, freg_names[d->rs2]); break;
        case 'R': put_str(t, freg_names[d->rs3]); break;
        case 'i': put_fmt(t, "%lld", d->imm); break;
        case 'u': put_fmt(t, "%lld", d->imm >> 12); break;
        case 'U': put_fmt(t, "%llu", ((uint32_t)d->imm >> 12) & 0xfffff); break;
        case 'z': put_fmt(t, "%lld", d->rs1); break;
        case 'o':
            put_fmt(t, "%lld", d->imm);
            put_str(t, "(");
            put_str(t, xreg_names[d->rs1]);
            put_str(t, ")");
            break;
        case 'a':
            put_str(t, "(");
            put_str(t, xreg_names[d->rs1]);
            put_str(t, ")");
            break;
        case 'm': put_str(t, rm_names[d->rm & 7]); break;
        case 'c': put_csr(t, (unsigned)d->imm); break;
        case 'f':
            put_fence_set(t, d->rm >> 4);
            put_str(t, ",");
            put_fence_set(t, d->rm & 15);
            break;
        case 'b':
            pad_to(t, TARGET_COL);
            put_fmt(t, "# 0x%llx", (long long)(pc + (uint64_t)(int64_t)d->imm));
            break;
        default: {
            char c[2] = {*p, '\0'};
            put_str(t, c);
            break;
        }
        }
    }
}

static bool pseudo_matches(const struct pseudo_rule *r, const struct insn *d)
{
    switch (r->cond) {
    case PC_ALWAYS: return true;
    case PC_NOP: return d->rd == 0 && d->rs1 == 0 && d->imm == 0;
    case PC_IMM_0: return d->imm == 0;
    case PC_IMM_M1: return d->imm == -1;
    case PC_IMM_1: return d->imm == 1;
    case PC_RD_0: return d->rd == 0;
    case PC_RS1_0: return d->rs1 == 0;
    case PC_RS2_0: return d->rs2 == 0;
    case PC_RS1_EQ_RS2: return d->rs1 == d->rs2;
    case PC_RET: return d->rd == 0 && d->rs1 == 1;
    case PC_JR: return d->rd == 0 && d->imm == 0;
    case PC_CSR: return d->imm == r->arg;
    case PC_CSR_READ: return d->imm == r->arg && d->rs1 == 0;
    default: return false;
    }
}

/* Text of a decoded, executable-row instruction: alias if a rule matches, else the row. */
static void render_insn(struct text *t, uint64_t pc, const struct insn *d)
{
    for (size_t i = 0; i < ARRAY_SIZE(pseudo_rules); i++) {
        const struct pseudo_rule *r = &pseudo_rules[i];
        if (r->op == d->op && pseudo_matches(r, d)) {
            render(t, pc, d, r->mnem, r->tmpl);
            return;
        }
    }
    render(t, pc, d, rv_op_name[d->op], op_tmpl[d->op]);
}

static inline unsigned field(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* Fill the operand fields a VA_TEXT rule prints (rv_decode leaves them empty for Zcb/Zcmop). */
static void view_fields(struct insn *d, unsigned kind)
{
    uint32_t r = d->raw;
    switch (kind) {
    case VF_CL_B:
    case VF_CL_H:
        d->rd = d->rs2 = 8 + field(r, 4, 2);
        d->rs1 = 8 + field(r, 9, 7);
        d->imm = (int32_t)(field(r, 5, 5) << 1 | (kind == VF_CL_B ? field(r, 6, 6) : 0));
        break;
    case VF_CA:
        d->rd = 8 + field(r, 9, 7);
        d->rs2 = 8 + field(r, 4, 2);
        break;
    case VF_CI:
        d->rd = field(r, 11, 7);
        break;
    default:
        break;
    }
}

unsigned rv_disas(uint64_t pc, uint32_t raw, char *buf)
{
    struct text t = {buf, 0};
    struct insn d;
    buf[0] = '\0';
    rv_decode(raw, &d);
    for (size_t i = 0; i < ARRAY_SIZE(view_rules); i++) {
        const struct view_rule *v = &view_rules[i];
        if ((d.raw & v->mask) != v->match) {
            continue;
        }
        switch (v->action) {
        case VA_ILLEGAL:
            d.op = RV_OP_ILLEGAL;
            break;
        case VA_AS_OP:
            d.op = v->op;
            break;
        case VA_TEXT:
            view_fields(&d, v->fields);
            render(&t, pc, &d, v->mnem, v->tmpl);
            return d.len;
        default:
            break;
        }
        break;
    }
    render_insn(&t, pc, &d);
    return d.len;
}
