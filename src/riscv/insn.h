/*
 * insn.h — the pre-decoded instruction record and the ISA table's generated enum and queries.
 *
 * Decoding is pure: rv_decode() turns an encoding (16- or 32-bit) into a struct insn, with
 * compressed forms expanded to the base operation they stand for. The same record feeds the
 * interpreter (exec/), the disassembler (disas.c) and the plugin layer. Thread-safe, no state.
 */
#ifndef PLUME_RISCV_INSN_H
#define PLUME_RISCV_INSN_H

#include "../util/common.h"

/* Row flags of insn.def. */
enum {
    INSN_RD = 1u << 0,     /* writes integer register rd (x0 writes are discarded) */
    INSN_END = 1u << 1,    /* ends the translation block */
    INSN_JUMP = 1u << 2,   /* jal / jalr */
    INSN_BRANCH = 1u << 3, /* conditional branch */
    INSN_LOAD = 1u << 4,   /* reads data memory */
    INSN_STORE = 1u << 5,  /* writes data memory */
    INSN_SIGNED = 1u << 6, /* the load half sign-extends its value */
    INSN_ATOMIC = 1u << 7, /* LR/SC/AMO */
    INSN_FP = 1u << 8,     /* F/D extension (needs FP enabled) */
    INSN_CSR = 1u << 9,    /* Zicsr */
    INSN_TRAP = 1u << 10,  /* always leaves the interpreter (ecall, ebreak, illegal, privileged) */
    INSN_PRIV = 1u << 11,  /* privileged instruction: SIGILL in user mode */
};

/* Numbers of the user-level CSRs plume implements: the FP control and the counters. */
enum rv_csr {
    RV_CSR_FFLAGS = 0x001,
    RV_CSR_FRM = 0x002,
    RV_CSR_FCSR = 0x003,
    RV_CSR_CYCLE = 0xc00,
    RV_CSR_TIME = 0xc01,
    RV_CSR_INSTRET = 0xc02,
};

enum rv_op {
#define X(name, mnem, flags, mem) RV_OP_##name,
#include "insn.def"
#undef X
    RV_OP_COUNT
};

/*
 * One decoded instruction, 16 bytes.
 *  - rd/rs1/rs2/rs3: register numbers (0..31) as encoded (for FP rows, FP register numbers
 *    where the operand is an FP register).
 *  - imm: sign-extended immediate; for LUI/AUIPC the value already shifted (imm << 12);
 *    for shifts the shamt; for CSR rows the CSR number; for CSR*I rows the uimm is in rs1;
 *    for branches/jal the byte offset from this instruction's pc.
 *  - rm: FP rounding-mode field (0..7) for F/D rows that have one; aq<<1|rl for A rows;
 *    fm<<8 is not kept — for FENCE the pred<<4|succ byte.
 *  - len: 2 (compressed) or 4.
 *  - raw: the encoding as fetched (16-bit encodings zero-extended).
 */
struct insn {
    uint16_t op; /* enum rv_op */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;
    uint8_t len;
    int32_t imm;
    uint32_t raw;
};

/* Length in bytes of the instruction whose first halfword is lo16: 2 or 4. */
static inline unsigned rv_insn_len(uint16_t lo16) { return (lo16 & 3) == 3 ? 4 : 2; }

/*
 * Decode one instruction. For a 16-bit encoding pass it zero-extended in raw (the upper half is
 * ignored when the low two bits are not 11). Unsupported or reserved encodings give
 * op = RV_OP_ILLEGAL (with len set correctly). Never fails otherwise.
 */
void rv_decode(uint32_t raw, struct insn *out);

/*
 * Disassemble the encoding at guest address pc into buf (at least RV_DISAS_MAX bytes), with
 * exactly the text QEMU 10.2's RISC-V disassembler produces (shared/oracle). Returns the length
 * in bytes of the instruction (2 or 4).
 */
#define RV_DISAS_MAX 96
unsigned rv_disas(uint64_t pc, uint32_t raw, char *buf);

/*
 * Name of CSR number csr as the disassembler prints it ("fflags", "pmpaddr3", ...), written into
 * buf (size bytes). Returns false and leaves buf untouched when the number has no name.
 */
bool rv_csr_name(unsigned csr, char *buf, size_t size);

/* Table queries. */
extern const char *const rv_op_name[RV_OP_COUNT];
extern const uint16_t rv_op_flags[RV_OP_COUNT];
extern const uint8_t rv_op_mem_log2[RV_OP_COUNT];

#endif
