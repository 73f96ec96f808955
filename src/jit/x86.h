/*
 * x86.h — static-inline x86-64 instruction encoders for the JIT (src/jit/lower.c, jit.c).
 *
 * Each encoder appends one instruction to a growable byte buffer. Every opcode constant is
 * commented with the instruction form it encodes (Intel operand order: destination first).
 * Memory operands are base + index * scale + disp32 with the shortest displacement form
 * (none, disp8, disp32) and the SIB byte that rsp/r12 bases need; rbp/r13 bases always carry
 * a displacement. Choices match what GNU as emits for the same source line, which the unit test
 * (tests/unit/test_jit_x86.c) checks byte for byte.
 *
 * Invariants: a buffer is only appended to; labels are byte offsets into it; rel32 fields
 * are patched with x86_patch_rel32 once their target is known.
 *
 * Threading: a buffer belongs to the one thread that fills it; no shared state.
 */
#ifndef PLUME_JIT_X86_H
#define PLUME_JIT_X86_H

#include <stdlib.h>
#include <string.h>

#include "../util/common.h"

/* General-purpose registers by encoding number. */
enum x86_reg {
    X86_RAX,
    X86_RCX,
    X86_RDX,
    X86_RBX,
    X86_RSP,
    X86_RBP,
    X86_RSI,
    X86_RDI,
    X86_R8,
    X86_R9,
    X86_R10,
    X86_R11,
    X86_R12,
    X86_R13,
    X86_R14,
    X86_R15,
    X86_NOREG = 16, /* no index register in a memory operand */
};

/* Condition codes (the low nibble of Jcc / SETcc / CMOVcc). */
enum x86_cc {
    X86_CC_O = 0x0,
    X86_CC_NO = 0x1,
    X86_CC_B = 0x2,
    X86_CC_AE = 0x3,
    X86_CC_E = 0x4,
    X86_CC_NE = 0x5,
    X86_CC_BE = 0x6,
    X86_CC_A = 0x7,
    X86_CC_S = 0x8,
    X86_CC_NS = 0x9,
    X86_CC_P = 0xa,
    X86_CC_NP = 0xb,
    X86_CC_L = 0xc,
    X86_CC_GE = 0xd,
    X86_CC_LE = 0xe,
    X86_CC_G = 0xf,
};

/* Opcode bytes. Multi-byte opcodes are written big-endian in one constant (0x0fAF = 0F AF). */
enum {
    X86_PFX_OPSIZE = 0x66, /* 66: 16-bit operand size */
    X86_PFX_REP = 0xf3,    /* F3: mandatory prefix of POPCNT / LZCNT / TZCNT */
    X86_REX = 0x40,        /* 0100WRXB */
    X86_REX_W = 0x08,      /* REX.W: 64-bit operand size */

    X86_ADD_RM_R = 0x01,    /* add r/m, r        (01 /r) */
    X86_ADD_R_RM = 0x03,    /* add r, r/m        (03 /r) */
    X86_OR_R_RM = 0x0b,     /* or r, r/m         (0B /r) */
    X86_AND_R_RM = 0x23,    /* and r, r/m        (23 /r) */
    X86_SUB_R_RM = 0x2b,    /* sub r, r/m        (2B /r) */
    X86_XOR_RM_R = 0x31,    /* xor r/m, r        (31 /r) */
    X86_XOR_R_RM = 0x33,    /* xor r, r/m        (33 /r) */
    X86_CMP_R_RM = 0x3b,    /* cmp r, r/m        (3B /r) */
    X86_ADD_EAX_IMM = 0x05, /* add eax/rax, imm32 (05 id); the ALU group's short form */
    X86_MOVSXD = 0x63,      /* movsxd r64, r/m32 (REX.W 63 /r) */
    X86_PUSH_R = 0x50,      /* push r64          (50+rd) */
    X86_POP_R = 0x58,       /* pop r64           (58+rd) */
    X86_IMUL_RMI32 = 0x69,  /* imul r, r/m, imm32 (69 /r id) */
    X86_IMUL_RMI8 = 0x6b,   /* imul r, r/m, imm8 (6B /r ib) */
    X86_GRP1_IMM32 = 0x81,  /* add/or/adc/sbb/and/sub/xor/cmp r/m, imm32 (81 /n id) */
    X86_GRP1_IMM8 = 0x83,   /* same with a sign-extended imm8 (83 /n ib) */
    X86_TEST_RM_R = 0x85,   /* test r/m, r       (85 /r) */
    X86_MOV_RM8_R8 = 0x88,  /* mov r/m8, r8      (88 /r) */
    X86_MOV_RM_R = 0x89,    /* mov r/m, r        (89 /r) */
    X86_MOV_R_RM = 0x8b,    /* mov r, r/m        (8B /r) */
    X86_LEA = 0x8d,         /* lea r, m          (8D /r) */
    X86_MOV_R_IMM = 0xb8,   /* mov r32, imm32 / REX.W mov r64, imm64 (B8+rd) */
    X86_SHIFT_IMM = 0xc1,   /* rol/ror/shl/shr/sar r/m, imm8 (C1 /n ib) */
    X86_RET = 0xc3,         /* ret               (C3) */
    X86_MOV_RM_IMM = 0xc7,  /* mov r/m, imm32    (C7 /0 id) */
    X86_SHIFT_1 = 0xd1,     /* rol/ror/shl/shr/sar r/m, 1 (D1 /n) */
    X86_SHIFT_CL = 0xd3,    /* rol/ror/shl/shr/sar r/m, cl (D3 /n) */
    X86_CALL_REL32 = 0xe8,  /* call rel32        (E8 cd) */
    X86_JMP_REL32 = 0xe9,   /* jmp rel32         (E9 cd) */
    X86_GRP3 = 0xf7,        /* not/neg/mul/imul r/m (F7 /2, /3, /4, /5) */
    X86_GRP5 = 0xff,        /* call r/m (FF /2), jmp r/m (FF /4) */
    X86_JCC_REL32 = 0x0f80, /* jcc rel32         (0F 80+cc cd) */
    X86_SETCC = 0x0f90,     /* setcc r/m8        (0F 90+cc /0) */
    X86_CMOVCC = 0x0f40,    /* cmovcc r, r/m     (0F 40+cc /r) */
    X86_IMUL_R_RM = 0x0faf, /* imul r, r/m       (0F AF /r) */
    X86_MOVZX8 = 0x0fb6,    /* movzx r, r/m8     (0F B6 /r) */
    X86_MOVZX16 = 0x0fb7,   /* movzx r, r/m16    (0F B7 /r) */
    X86_MOVSX8 = 0x0fbe,    /* movsx r, r/m8     (0F BE /r) */
    X86_MOVSX16 = 0x0fbf,   /* movsx r, r/m16    (0F BF /r) */
    X86_BT_IMM = 0x0fba,    /* bt/bts/btr/btc r/m, imm8 (0F BA /4../7 ib) */
    X86_BSWAP = 0x0fc8,     /* bswap r32/r64     (0F C8+rd) */
    X86_POPCNT = 0x0fb8,    /* popcnt r, r/m     (F3 0F B8 /r) */
    X86_TZCNT = 0x0fbc,     /* tzcnt r, r/m      (F3 0F BC /r) */
    X86_LZCNT = 0x0fbd,     /* lzcnt r, r/m      (F3 0F BD /r) */
    X86_MFENCE = 0x0faef0,  /* mfence            (0F AE F0) */
};

/* Group-1 (/n of 81, 83) and shift-group (/n of C1, D1, D3) and group-3 extensions. */
enum x86_alu {
    X86_ALU_ADD = 0,
    X86_ALU_OR = 1,
    X86_ALU_AND = 4,
    X86_ALU_SUB = 5,
    X86_ALU_XOR = 6,
    X86_ALU_CMP = 7
};
enum x86_shift { X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7 };
enum { X86_G3_NOT = 2, X86_G3_NEG = 3, X86_G3_MUL = 4, X86_G3_IMUL = 5 };
enum { X86_G5_CALL = 2, X86_G5_JMP = 4 };
enum { X86_BT_BTS = 5, X86_BT_BTR = 6, X86_BT_BTC = 7 };

/* A memory operand: base + index * (1 << scale) + disp. */
struct x86_mem {
    uint8_t base, index, scale;
    int32_t disp;
};

static inline struct x86_mem x86_m(unsigned base, int32_t disp)
{
    return (struct x86_mem){.base = (uint8_t)base, .index = X86_NOREG, .disp = disp};
}

static inline struct x86_mem x86_mi(unsigned base, unsigned index, unsigned scale, int32_t disp)
{
    return (struct x86_mem){(uint8_t)base, (uint8_t)index, (uint8_t)scale, disp};
}

/* A growable code buffer. */
struct x86_buf {
    uint8_t *p;
    size_t len, cap;
};

static inline void x86_reserve(struct x86_buf *b, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 256;
        b->p = xrealloc(b->p, b->cap);
    }
}

static inline void x86_b(struct x86_buf *b, uint8_t v)
{
    x86_reserve(b, 1);
    b->p[b->len++] = v;
}

static inline void x86_u32(struct x86_buf *b, uint32_t v)
{
    x86_reserve(b, 4);
    memcpy(b->p + b->len, &v, 4);
    b->len += 4;
}

static inline void x86_u64(struct x86_buf *b, uint64_t v)
{
    x86_reserve(b, 8);
    memcpy(b->p + b->len, &v, 8);
    b->len += 8;
}

static inline bool x86_is_s8(int64_t v)
{
    return v >= -128 && v <= 127;
}

static inline bool x86_is_s32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* Opcode bytes of a packed constant (1 to 3 bytes, see the opcode enum). */
static inline void x86_opc(struct x86_buf *b, uint32_t opc)
{
    if (opc > 0xffff)
        x86_b(b, (uint8_t)(opc >> 16));
    if (opc > 0xff)
        x86_b(b, (uint8_t)(opc >> 8));
    x86_b(b, (uint8_t)opc);
}

/* Prefix, REX (when needed), opcode. byte_regs: an 8-bit register operand is used, so spl..dil
 * need a REX to be addressed (reg and rm both count when they are registers). */
static inline void x86_head(struct x86_buf *b, unsigned pfx, bool w, uint32_t opc, unsigned reg,
                            unsigned index, unsigned base, bool force_rex)
{
    unsigned rex = (w ? X86_REX_W : 0) | ((reg & 8) ? 4 : 0) |
                   ((index != X86_NOREG && (index & 8)) ? 2 : 0) | ((base & 8) ? 1 : 0);
    if (pfx)
        x86_b(b, (uint8_t)pfx);
    if (rex || force_rex)
        x86_b(b, (uint8_t)(X86_REX | rex));
    x86_opc(b, opc);
}

/* ModRM (+SIB, +disp) for reg field `reg` and memory operand m. */
static inline void x86_modrm_mem(struct x86_buf *b, unsigned reg, struct x86_mem m)
{
    unsigned r = reg & 7, base = m.base & 7;
    unsigned mod = m.disp == 0 && base != X86_RBP ? 0 : x86_is_s8(m.disp) ? 1 : 2;
    if (m.index == X86_NOREG && base != X86_RSP) {
        x86_b(b, (uint8_t)(mod << 6 | r << 3 | base));
    } else {
        unsigned idx = m.index == X86_NOREG ? 4 : (m.index & 7);
        x86_b(b, (uint8_t)(mod << 6 | r << 3 | 4));
        x86_b(b, (uint8_t)(m.scale << 6 | idx << 3 | base));
    }
    if (mod == 1)
        x86_b(b, (uint8_t)m.disp);
    else if (mod == 2)
        x86_u32(b, (uint32_t)m.disp);
}

/* op reg, r/m (register form: mod 11). */
static inline void x86_op_rr(struct x86_buf *b, unsigned pfx, bool w, uint32_t opc, unsigned reg,
                             unsigned rm)
{
    x86_head(b, pfx, w, opc, reg, X86_NOREG, rm, false);
    x86_b(b, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

/* op reg, m (memory form). */
static inline void x86_op_rm(struct x86_buf *b, unsigned pfx, bool w, uint32_t opc, unsigned reg,
                             struct x86_mem m)
{
    x86_head(b, pfx, w, opc, reg, m.index, m.base, false);
    x86_modrm_mem(b, reg, m);
}

/* ---- moves ---- */

/* mov r64, r64 (89 /r) */
static inline void x86_mov_rr(struct x86_buf *b, unsigned dst, unsigned src)
{
    x86_op_rr(b, 0, true, X86_MOV_RM_R, src, dst);
}

/* mov r32, r32 (89 /r): zero-extends into the 64-bit register. */
static inline void x86_mov_rr32(struct x86_buf *b, unsigned dst, unsigned src)
{
    x86_op_rr(b, 0, false, X86_MOV_RM_R, src, dst);
}

/* mov r64, m64 (REX.W 8B /r) / mov r32, m32 (8B /r) */
static inline void x86_load(struct x86_buf *b, bool w, unsigned dst, struct x86_mem m)
{
    x86_op_rm(b, 0, w, X86_MOV_R_RM, dst, m);
}

/* mov m64, r64 (REX.W 89 /r) / mov m32, r32 (89 /r) */
static inline void x86_store(struct x86_buf *b, bool w, struct x86_mem m, unsigned src)
{
    x86_op_rm(b, 0, w, X86_MOV_RM_R, src, m);
}

/* mov m16, r16 (66 89 /r) */
static inline void x86_store16(struct x86_buf *b, struct x86_mem m, unsigned src)
{
    x86_op_rm(b, X86_PFX_OPSIZE, false, X86_MOV_RM_R, src, m);
}

/* mov m8, r8 (88 /r); sil/dil/spl/bpl need a REX. */
static inline void x86_store8(struct x86_buf *b, struct x86_mem m, unsigned src)
{
    x86_head(b, 0, false, X86_MOV_RM8_R8, src, m.index, m.base, src >= 4 && src < 8);
    x86_modrm_mem(b, src, m);
}

/* movzx/movsx r, m8/m16 (0F B6/B7/BE/BF /r); w: 64-bit destination (REX.W). */
static inline void x86_loadx(struct x86_buf *b, uint32_t opc, bool w, unsigned dst,
                             struct x86_mem m)
{
    x86_op_rm(b, 0, w, opc, dst, m);
}

/* movzx/movsx r, r8/r16 (register source). */
static inline void x86_extx_rr(struct x86_buf *b, uint32_t opc, bool w, unsigned dst, unsigned src)
{
    bool byte = opc == X86_MOVZX8 || opc == X86_MOVSX8;
    x86_head(b, 0, w, opc, dst, X86_NOREG, src, byte && src >= 4 && src < 8);
    x86_b(b, (uint8_t)(0xc0 | (dst & 7) << 3 | (src & 7)));
}

/* movsxd r64, m32 (REX.W 63 /r) */
static inline void x86_movsxd_rm(struct x86_buf *b, unsigned dst, struct x86_mem m)
{
    x86_op_rm(b, 0, true, X86_MOVSXD, dst, m);
}

/* movsxd r64, r32 (REX.W 63 /r) */
static inline void x86_movsxd_rr(struct x86_buf *b, unsigned dst, unsigned src)
{
    x86_op_rr(b, 0, true, X86_MOVSXD, dst, src);
}

/* Load a 64-bit constant into r the short way: xor r32, r32 (31 /r) for 0; mov r32, imm32
 * (B8+rd id) for values below 2^32; REX.W C7 /0 id for sign-extended 32-bit ones; else
 * movabs (REX.W B8+rd io). */
static inline void x86_mov_imm(struct x86_buf *b, unsigned r, uint64_t v)
{
    if (v == 0) {
        x86_op_rr(b, 0, false, X86_XOR_RM_R, r, r);
    } else if (v <= UINT32_MAX) {
        x86_head(b, 0, false, X86_MOV_R_IMM + (r & 7), 0, X86_NOREG, r, false);
        x86_u32(b, (uint32_t)v);
    } else if (x86_is_s32((int64_t)v)) {
        x86_op_rr(b, 0, true, X86_MOV_RM_IMM, 0, r);
        x86_u32(b, (uint32_t)v);
    } else {
        x86_head(b, 0, true, X86_MOV_R_IMM + (r & 7), 0, X86_NOREG, r, false);
        x86_u64(b, v);
    }
}

/* mov r64, imm64 always in the 10-byte form (REX.W B8+rd io): for patchable constants. */
static inline void x86_movabs(struct x86_buf *b, unsigned r, uint64_t v)
{
    x86_head(b, 0, true, X86_MOV_R_IMM + (r & 7), 0, X86_NOREG, r, false);
    x86_u64(b, v);
}

/* mov m64, simm32 (REX.W C7 /0 id) / mov m32, imm32 (C7 /0 id) */
static inline void x86_store_imm(struct x86_buf *b, bool w, struct x86_mem m, int32_t v)
{
    x86_op_rm(b, 0, w, X86_MOV_RM_IMM, 0, m);
    x86_u32(b, (uint32_t)v);
}

/* lea r64, m (REX.W 8D /r) */
static inline void x86_lea(struct x86_buf *b, unsigned dst, struct x86_mem m)
{
    x86_op_rm(b, 0, true, X86_LEA, dst, m);
}

/* ---- arithmetic ---- */

/* ALU op r, r (01/09/21/29/31/39 /r, i.e. `op r/m, r`) for group-1 operation n. */
static inline void x86_alu_rr(struct x86_buf *b, bool w, enum x86_alu n, unsigned dst, unsigned src)
{
    x86_op_rr(b, 0, w, (uint32_t)(n << 3 | 1), src, dst);
}

/* ALU op r, m (03/0B/23/2B/33/3B /r, i.e. `op r, r/m`). */
static inline void x86_alu_rm(struct x86_buf *b, bool w, enum x86_alu n, unsigned dst,
                              struct x86_mem m)
{
    x86_op_rm(b, 0, w, (uint32_t)(n << 3 | 3), dst, m);
}

/* ALU op r, imm: 83 /n ib when it fits, else the rax short form (05+8n id) or 81 /n id. */
static inline void x86_alu_ri(struct x86_buf *b, bool w, enum x86_alu n, unsigned r, int32_t imm)
{
    if (x86_is_s8(imm)) {
        x86_op_rr(b, 0, w, X86_GRP1_IMM8, n, r);
        x86_b(b, (uint8_t)imm);
    } else if (r == X86_RAX) {
        x86_head(b, 0, w, (uint32_t)(X86_ADD_EAX_IMM | n << 3), 0, X86_NOREG, 0, false);
        x86_u32(b, (uint32_t)imm);
    } else {
        x86_op_rr(b, 0, w, X86_GRP1_IMM32, n, r);
        x86_u32(b, (uint32_t)imm);
    }
}

/* ALU op m, imm (83 /n ib or 81 /n id). */
static inline void x86_alu_mi(struct x86_buf *b, bool w, enum x86_alu n, struct x86_mem m,
                              int32_t imm)
{
    bool s8 = x86_is_s8(imm);
    x86_op_rm(b, 0, w, s8 ? X86_GRP1_IMM8 : X86_GRP1_IMM32, n, m);
    if (s8)
        x86_b(b, (uint8_t)imm);
    else
        x86_u32(b, (uint32_t)imm);
}

/* add m, r (01 /r) */
static inline void x86_add_mr(struct x86_buf *b, bool w, struct x86_mem m, unsigned src)
{
    x86_op_rm(b, 0, w, X86_ADD_RM_R, src, m);
}

/* test r, r (85 /r) */
static inline void x86_test_rr(struct x86_buf *b, bool w, unsigned a, unsigned c)
{
    x86_op_rr(b, 0, w, X86_TEST_RM_R, c, a);
}

/* Shift/rotate r by imm8: D1 /n for a count of 1, else C1 /n ib. */
static inline void x86_shift_ri(struct x86_buf *b, bool w, enum x86_shift n, unsigned r,
                                unsigned count)
{
    if (count == 1) {
        x86_op_rr(b, 0, w, X86_SHIFT_1, n, r);
    } else {
        x86_op_rr(b, 0, w, X86_SHIFT_IMM, n, r);
        x86_b(b, (uint8_t)count);
    }
}

/* Shift/rotate r by cl (D3 /n). */
static inline void x86_shift_rcl(struct x86_buf *b, bool w, enum x86_shift n, unsigned r)
{
    x86_op_rr(b, 0, w, X86_SHIFT_CL, n, r);
}

/* Group 3 on a register: not / neg / mul / imul (F7 /n). */
static inline void x86_grp3_r(struct x86_buf *b, bool w, unsigned n, unsigned r)
{
    x86_op_rr(b, 0, w, X86_GRP3, n, r);
}

/* Group 3 on memory: mul m64 / imul m64 (F7 /4, /5): rdx:rax = rax * m. */
static inline void x86_grp3_m(struct x86_buf *b, bool w, unsigned n, struct x86_mem m)
{
    x86_op_rm(b, 0, w, X86_GRP3, n, m);
}

/* imul r, m (0F AF /r) */
static inline void x86_imul_rm(struct x86_buf *b, bool w, unsigned dst, struct x86_mem m)
{
    x86_op_rm(b, 0, w, X86_IMUL_R_RM, dst, m);
}

/* imul r, r (0F AF /r) */
static inline void x86_imul_rr(struct x86_buf *b, bool w, unsigned dst, unsigned src)
{
    x86_op_rr(b, 0, w, X86_IMUL_R_RM, dst, src);
}

/* imul r, r, imm (6B /r ib or 69 /r id) */
static inline void x86_imul_rri(struct x86_buf *b, bool w, unsigned dst, unsigned src, int32_t imm)
{
    bool s8 = x86_is_s8(imm);
    x86_op_rr(b, 0, w, s8 ? X86_IMUL_RMI8 : X86_IMUL_RMI32, dst, src);
    if (s8)
        x86_b(b, (uint8_t)imm);
    else
        x86_u32(b, (uint32_t)imm);
}

/* cmovcc r, r (0F 40+cc /r) */
static inline void x86_cmov_rr(struct x86_buf *b, bool w, enum x86_cc cc, unsigned dst,
                               unsigned src)
{
    x86_op_rr(b, 0, w, X86_CMOVCC + cc, dst, src);
}

/* setcc r8 (0F 90+cc /0); sil/dil/spl/bpl need a REX. */
static inline void x86_setcc(struct x86_buf *b, enum x86_cc cc, unsigned r)
{
    x86_head(b, 0, false, X86_SETCC + cc, 0, X86_NOREG, r, r >= 4 && r < 8);
    x86_b(b, (uint8_t)(0xc0 | (r & 7)));
}

/* bts/btr/btc r, imm8 (0F BA /5../7 ib) */
static inline void x86_bt_ri(struct x86_buf *b, bool w, unsigned n, unsigned r, unsigned bit)
{
    x86_op_rr(b, 0, w, X86_BT_IMM, n, r);
    x86_b(b, (uint8_t)bit);
}

/* bswap r64 (REX.W 0F C8+rd) */
static inline void x86_bswap(struct x86_buf *b, unsigned r)
{
    x86_head(b, 0, true, X86_BSWAP + (r & 7), 0, X86_NOREG, r, false);
}

/* popcnt / lzcnt / tzcnt r, m (F3 0F B8/BD/BC /r) */
static inline void x86_bitcnt_rm(struct x86_buf *b, uint32_t opc, bool w, unsigned dst,
                                 struct x86_mem m)
{
    x86_op_rm(b, X86_PFX_REP, w, opc, dst, m);
}

/* popcnt / lzcnt / tzcnt r, r (F3 0F B8/BD/BC /r) */
static inline void x86_bitcnt_rr(struct x86_buf *b, uint32_t opc, bool w, unsigned dst,
                                 unsigned src)
{
    x86_op_rr(b, X86_PFX_REP, w, opc, dst, src);
}

/* mfence (0F AE F0) */
static inline void x86_mfence(struct x86_buf *b)
{
    x86_opc(b, X86_MFENCE);
}

/* ---- stack and control flow ---- */

/* push r64 (50+rd) */
static inline void x86_push(struct x86_buf *b, unsigned r)
{
    x86_head(b, 0, false, X86_PUSH_R + (r & 7), 0, X86_NOREG, r, false);
}

/* pop r64 (58+rd) */
static inline void x86_pop(struct x86_buf *b, unsigned r)
{
    x86_head(b, 0, false, X86_POP_R + (r & 7), 0, X86_NOREG, r, false);
}

/* ret (C3) */
static inline void x86_ret(struct x86_buf *b)
{
    x86_b(b, X86_RET);
}

/* call r64 (FF /2) */
static inline void x86_call_r(struct x86_buf *b, unsigned r)
{
    x86_op_rr(b, 0, false, X86_GRP5, X86_G5_CALL, r);
}

/* jmp r64 (FF /4) */
static inline void x86_jmp_r(struct x86_buf *b, unsigned r)
{
    x86_op_rr(b, 0, false, X86_GRP5, X86_G5_JMP, r);
}

/* jmp m64 (FF /4) */
static inline void x86_jmp_m(struct x86_buf *b, struct x86_mem m)
{
    x86_op_rm(b, 0, false, X86_GRP5, X86_G5_JMP, m);
}

/* jmp rel32 (E9 cd) with a zero displacement; returns the offset of the rel32 field. */
static inline size_t x86_jmp32(struct x86_buf *b)
{
    x86_b(b, X86_JMP_REL32);
    x86_u32(b, 0);
    return b->len - 4;
}

/* jcc rel32 (0F 80+cc cd) with a zero displacement; returns the offset of the rel32 field. */
static inline size_t x86_jcc32(struct x86_buf *b, enum x86_cc cc)
{
    x86_opc(b, X86_JCC_REL32 + cc);
    x86_u32(b, 0);
    return b->len - 4;
}

/* Point the rel32 field at offset `at` to buffer offset `target`. */
static inline void x86_patch_rel32(struct x86_buf *b, size_t at, size_t target)
{
    int32_t rel = (int32_t)((int64_t)target - (int64_t)(at + 4));
    memcpy(b->p + at, &rel, 4);
}

#endif
