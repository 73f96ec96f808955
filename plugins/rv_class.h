/*
 * rv_class.h — a small RISC-V (RV64GC + Zba/Zbb/Zbs) encoding classifier shared by the bundled
 * plugins that reason about instruction kinds (howvec, callgraph).
 *
 * Plugins see only instruction bytes (qemu_plugin_insn_data), so this header decodes just enough
 * of the major opcode map and the compressed quadrants to sort an instruction into a class and
 * to recognise calls and returns by the standard calling convention (link register x1 or x5).
 * Invariant: every 16- or 32-bit encoding maps to exactly one class (RV_OTHER for encodings the
 * table does not know). Pure functions over their arguments, usable from any thread.
 * Header-only (static inline): the plugins are single-file shared objects.
 */
#ifndef PLUME_PLUGINS_RV_CLASS_H
#define PLUME_PLUGINS_RV_CLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Instruction classes, in report order. */
enum rv_class {
    RV_LOAD,   /* integer and FP loads (not LR) */
    RV_STORE,  /* integer and FP stores (not SC) */
    RV_BRANCH, /* conditional branches */
    RV_JUMP,   /* jal, jalr and their compressed forms */
    RV_ALU,    /* integer arithmetic, logic, shifts, lui, auipc, Zba/Zbb/Zbs */
    RV_MULDIV, /* M extension */
    RV_FP,     /* F/D arithmetic, conversions, moves, compares, fused multiply-add */
    RV_ATOMIC, /* A extension: LR, SC, AMOs */
    RV_CSR,    /* csrr* and csrr*i */
    RV_SYSTEM, /* ecall, ebreak, wfi, fence, fence.i */
    RV_OTHER,  /* anything else (illegal or unknown encodings) */
    RV_NCLASS
};

/* Report names of the classes, indexed by enum rv_class. */
static const char *const rv_class_names[RV_NCLASS] = {
    "load", "store", "branch", "jump", "alu", "muldiv", "fp", "atomic", "csr", "system", "other",
};

/* The encoding as a little-endian integer (2 or 4 bytes). */
static inline uint32_t rv_word(const uint8_t *b, size_t size)
{
    uint32_t w = b[0] | (uint32_t)b[1] << 8;
    if (size >= 4)
        w |= (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return w;
}

/* Class of a 16-bit compressed encoding. */
static inline enum rv_class rv_class_compressed(uint32_t w)
{
    unsigned f3 = (w >> 13) & 7, rs1 = (w >> 7) & 31, rs2 = (w >> 2) & 31;
    switch (w & 3) {
    case 0: {
        static const enum rv_class q0[8] = {RV_ALU,   RV_LOAD,  RV_LOAD,  RV_LOAD,
                                            RV_OTHER, RV_STORE, RV_STORE, RV_STORE};
        return w == 0 ? RV_OTHER : q0[f3];
    }
    case 1: {
        static const enum rv_class q1[8] = {RV_ALU, RV_ALU,  RV_ALU,    RV_ALU,
                                            RV_ALU, RV_JUMP, RV_BRANCH, RV_BRANCH};
        return q1[f3];
    }
    default:
        if (f3 != 4) {
            static const enum rv_class q2[8] = {RV_ALU,   RV_LOAD,  RV_LOAD,  RV_LOAD,
                                                RV_OTHER, RV_STORE, RV_STORE, RV_STORE};
            return q2[f3];
        }
        if (rs2 != 0)
            return RV_ALU; /* c.mv, c.add */
        if (!((w >> 12) & 1))
            return rs1 ? RV_JUMP : RV_OTHER; /* c.jr */
        return rs1 ? RV_JUMP : RV_SYSTEM;    /* c.jalr, c.ebreak */
    }
}

/* Class of an instruction from its encoding bytes (size 2 or 4). */
static inline enum rv_class rv_classify(const uint8_t *bytes, size_t size)
{
    uint32_t w = rv_word(bytes, size);
    if ((w & 3) != 3)
        return rv_class_compressed(w);
    unsigned f3 = (w >> 12) & 7, f7 = w >> 25;
    switch ((w >> 2) & 31) {
    case 0x00: /* LOAD */
    case 0x01: /* LOAD-FP */
        return RV_LOAD;
    case 0x08: /* STORE */
    case 0x09: /* STORE-FP */
        return RV_STORE;
    case 0x18: return RV_BRANCH;
    case 0x19: /* JALR */
    case 0x1b: /* JAL */
        return RV_JUMP;
    case 0x04: /* OP-IMM */
    case 0x06: /* OP-IMM-32 */
    case 0x05: /* AUIPC */
    case 0x0d: /* LUI */
        return RV_ALU;
    case 0x0c: /* OP */
    case 0x0e: /* OP-32 */
        return f7 == 1 ? RV_MULDIV : RV_ALU;
    case 0x0b: return RV_ATOMIC;
    case 0x10: /* MADD */
    case 0x11: /* MSUB */
    case 0x12: /* NMSUB */
    case 0x13: /* NMADD */
    case 0x14: /* OP-FP */
        return RV_FP;
    case 0x03: return RV_SYSTEM; /* MISC-MEM: fence, fence.i */
    case 0x1c: return f3 == 0 ? RV_SYSTEM : f3 == 4 ? RV_OTHER : RV_CSR;
    default: return RV_OTHER;
    }
}

/* What a jump does under the calling convention (x1 and x5 are link registers). */
enum rv_flow {
    RV_FLOW_NONE,   /* not a jump, or a plain jump (tail call, goto) */
    RV_FLOW_CALL,   /* jal/jalr writing a link register */
    RV_FLOW_RETURN, /* jalr x0, 0(link register): ret */
};

/* A decoded jump: kind, and the target as static offset (jal) or rs1 + imm (jalr). */
struct rv_jump {
    enum rv_flow flow;
    bool indirect; /* target = x[rs1] + imm, else pc + imm */
    unsigned rs1;
    int64_t imm;
};

static inline bool rv_is_link(unsigned r)
{
    return r == 1 || r == 5;
}

/* Decode the control-flow role of an instruction; flow is RV_FLOW_NONE for everything else. */
static inline struct rv_jump rv_decode_jump(const uint8_t *bytes, size_t size)
{
    struct rv_jump j = {RV_FLOW_NONE, false, 0, 0};
    uint32_t w = rv_word(bytes, size);
    if ((w & 3) != 3) {
        unsigned rs1 = (w >> 7) & 31;
        /* c.jr / c.jalr: quadrant 2, funct4 100x, rs2 = 0, rs1 != 0 */
        if ((w & 3) == 2 && ((w >> 13) & 7) == 4 && ((w >> 2) & 31) == 0 && rs1) {
            bool link = (w >> 12) & 1;
            j.indirect = true;
            j.rs1 = rs1;
            if (link)
                j.flow = RV_FLOW_CALL;
            else if (rv_is_link(rs1))
                j.flow = RV_FLOW_RETURN;
        }
        return j;
    }
    unsigned rd = (w >> 7) & 31, rs1 = (w >> 15) & 31;
    if ((w & 0x7f) == 0x6f) { /* jal */
        int64_t imm = (int64_t)(((w >> 21) & 0x3ff) << 1 | ((w >> 20) & 1) << 11 | (w & 0xff000));
        if (w >> 31)
            imm |= ~(int64_t)0xfffff; /* imm[20] is the sign */
        j.imm = imm;
        if (rv_is_link(rd))
            j.flow = RV_FLOW_CALL;
        return j;
    }
    if ((w & 0x707f) == 0x67) { /* jalr */
        j.indirect = true;
        j.rs1 = rs1;
        j.imm = (int32_t)w >> 20;
        if (rv_is_link(rd))
            j.flow = RV_FLOW_CALL;
        else if (rd == 0 && rv_is_link(rs1) && j.imm == 0)
            j.flow = RV_FLOW_RETURN;
    }
    return j;
}

#endif
