/*
 * fuzz_decode.c — libFuzzer target for the instruction decoder and the disassembler.
 *
 * The input is an 8-byte guest pc followed by a stream of instruction bytes, walked the way the
 * translator walks guest code: the first halfword gives the length, the next instruction starts
 * len bytes later. For every instruction the target checks that
 *   - rv_decode() is total and its record is well formed (op in range, registers < 32, len
 *     equal to rv_insn_len(), raw equal to the fetched bits, 32-bit register fields taken from
 *     their encoding slots, branch/jump offsets even and within their encodable range);
 *   - a 16-bit encoding decodes the same whatever garbage the upper halfword holds;
 *   - rv_disas() is total: it returns the same length, writes a non-empty printable string that
 *     fits in RV_DISAS_MAX bytes (the buffer is heap-allocated at exactly that size so ASan sees
 *     any overrun), and gives the same text twice and for any upper-halfword garbage.
 * A violated check aborts with the encoding, so libFuzzer saves the input as a crash.
 * Threading: single-threaded; no state outside the call.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/riscv/insn.h"

/* Report a violated invariant for encoding raw at pc and abort. */
static void fail(const char *what, uint64_t pc, uint32_t raw)
{
    fprintf(stderr, "fuzz_decode: %s (pc 0x%llx, raw 0x%08x)\n", what, (unsigned long long)pc, raw);
    abort();
}

/* True iff the two decoded records are identical field by field. */
static bool same_insn(const struct insn *a, const struct insn *b)
{
    return a->op == b->op && a->rd == b->rd && a->rs1 == b->rs1 && a->rs2 == b->rs2 &&
           a->rs3 == b->rs3 && a->rm == b->rm && a->len == b->len && a->imm == b->imm &&
           a->raw == b->raw;
}

/* Structural checks of one decoded record. */
static void check_record(const struct insn *in, uint64_t pc, uint32_t raw)
{
    unsigned len = rv_insn_len((uint16_t)raw);
    if (in->op >= RV_OP_COUNT)
        fail("op out of range", pc, raw);
    if (in->len != len)
        fail("record length differs from rv_insn_len", pc, raw);
    if (in->rd > 31 || in->rs1 > 31 || in->rs2 > 31 || in->rs3 > 31)
        fail("register number above 31", pc, raw);
    if (in->raw != (len == 2 ? (raw & 0xffff) : raw))
        fail("raw field is not the fetched encoding", pc, raw);
    if (rv_op_mem_log2[in->op] > 3)
        fail("memory access size above 8 bytes", pc, raw);
    if (in->op == RV_OP_ILLEGAL)
        return;
    uint16_t flags = rv_op_flags[in->op];
    if (len == 4) {
        if ((flags & INSN_RD) && in->rd != ((raw >> 7) & 31))
            fail("rd is not bits 11:7", pc, raw);
        if (in->rs1 != 0 && in->rs1 != ((raw >> 15) & 31))
            fail("rs1 is not bits 19:15", pc, raw);
        if (in->rs2 != 0 && in->rs2 != ((raw >> 20) & 31))
            fail("rs2 is not bits 24:20", pc, raw);
        if (in->rs3 != 0 && in->rs3 != ((raw >> 27) & 31))
            fail("rs3 is not bits 31:27", pc, raw);
    }
    if (flags & INSN_BRANCH) {
        if ((in->imm & 1) || in->imm < -4096 || in->imm > 4094)
            fail("branch offset odd or out of range", pc, raw);
    }
    if (in->op == RV_OP_JAL) {
        if ((in->imm & 1) || in->imm < -(1 << 20) || in->imm > (1 << 20) - 2)
            fail("jal offset odd or out of range", pc, raw);
    }
    if ((flags & (INSN_LOAD | INSN_STORE)) && !(flags & INSN_ATOMIC)) {
        if (in->imm < -2048 || in->imm > 2047)
            fail("load/store offset outside 12 signed bits", pc, raw);
    }
}

/* Disassemble raw at pc into a heap buffer of exactly RV_DISAS_MAX bytes; returns it (free it). */
static char *disas_checked(uint64_t pc, uint32_t raw)
{
    char *buf = malloc(RV_DISAS_MAX);
    if (!buf)
        abort();
    memset(buf, 0xa5, RV_DISAS_MAX);
    unsigned n = rv_disas(pc, raw, buf);
    if (n != rv_insn_len((uint16_t)raw))
        fail("rv_disas length differs from rv_insn_len", pc, raw);
    size_t tl = strnlen(buf, RV_DISAS_MAX);
    if (tl == RV_DISAS_MAX)
        fail("disassembly not NUL-terminated within RV_DISAS_MAX", pc, raw);
    if (tl == 0)
        fail("empty disassembly", pc, raw);
    for (size_t i = 0; i < tl; i++) {
        if (buf[i] < 0x20 || buf[i] > 0x7e)
            fail("non-printable character in disassembly", pc, raw);
    }
    return buf;
}

/* Check one instruction: decode, the upper-half independence of 16-bit forms, disassembly. */
static void check_one(uint64_t pc, uint32_t raw, uint32_t garbage)
{
    struct insn a, b;
    memset(&a, 0x5a, sizeof(a));
    rv_decode(raw, &a);
    check_record(&a, pc, raw);
    char *t1 = disas_checked(pc, raw);
    char *t2 = disas_checked(pc, raw);
    if (strcmp(t1, t2))
        fail("rv_disas is not deterministic", pc, raw);
    if (a.len == 2) {
        uint32_t other = (raw & 0xffff) | (garbage << 16);
        memset(&b, 0xa5, sizeof(b));
        rv_decode(other, &b);
        if (!same_insn(&a, &b))
            fail("16-bit decode depends on the upper halfword", pc, raw);
        char *t3 = disas_checked(pc, other);
        if (strcmp(t1, t3))
            fail("16-bit disassembly depends on the upper halfword", pc, raw);
        free(t3);
    }
    free(t1);
    free(t2);
}

/* libFuzzer entry point: pc (8 bytes) then instruction bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t pc = 0x10000;
    if (size >= 8) {
        memcpy(&pc, data, 8);
        pc &= ~1ull;
        data += 8;
        size -= 8;
    }
    size_t off = 0;
    while (off < size) {
        uint8_t b[4] = {0, 0, 0, 0};
        memcpy(b, data + off, size - off < 4 ? size - off : 4);
        uint32_t raw =
            (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        uint32_t garbage = (raw >> 16) ^ 0xffffu ^ (uint32_t)(off * 0x9e37u);
        check_one(pc + off, raw, garbage & 0xffff);
        off += rv_insn_len((uint16_t)raw);
    }
    return 0;
}
