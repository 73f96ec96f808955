/*
 * csr_names.c — the CSR number -> name table the disassembler prints (QEMU 10.2's naming).
 *
 * Single names live in a table sorted by number; numbered families (pmpaddrN, mhpmcounterN, ...)
 * are generated from a small range table. Numbers without a name are formatted by the caller.
 * Pure constant data; callable from any thread.
 */
#include <stdio.h>
#include <stdlib.h>

#include "insn.h"

struct csr_row {
    uint16_t num;
    char name[12];
};

/* Sorted by num. */
static const struct csr_row csr_rows[] = {
    {0x000, "ustatus"}, {0x001, "fflags"}, {0x002, "frm"}, {0x003, "fcsr"}, {0x004, "uie"},
    {0x005, "utvec"}, {0x008, "vstart"}, {0x009, "vxsat"}, {0x00a, "vxrm"}, {0x00f, "vcsr"},
    {0x011, "ssp"}, {0x015, "seed"}, {0x017, "jvt"}, {0x040, "uscratch"}, {0x041, "uepc"},
    {0x042, "ucause"}, {0x043, "utval"}, {0x044, "uip"}, {0x100, "sstatus"}, {0x104, "sie"},
    {0x105, "stvec"}, {0x106, "scounteren"}, {0x140, "sscratch"}, {0x141, "sepc"},
    {0x142, "scause"}, {0x143, "stval"}, {0x144, "sip"}, {0x180, "satp"}, {0x200, "hstatus"},
    {0x202, "hedeleg"}, {0x203, "hideleg"}, {0x204, "hie"}, {0x205, "htvec"}, {0x240, "hscratch"},
    {0x241, "hepc"}, {0x242, "hcause"}, {0x243, "hbadaddr"}, {0x244, "hip"}, {0x300, "mstatus"},
    {0x301, "misa"}, {0x302, "medeleg"}, {0x303, "mideleg"}, {0x304, "mie"}, {0x305, "mtvec"},
    {0x306, "mcounteren"}, {0x320, "mucounteren"}, {0x321, "mscounteren"}, {0x322, "mhcounteren"},
    {0x340, "mscratch"}, {0x341, "mepc"}, {0x342, "mcause"}, {0x343, "mtval"}, {0x344, "mip"},
    {0x380, "mbase"}, {0x381, "mbound"}, {0x382, "mibase"}, {0x383, "mibound"}, {0x384, "mdbase"},
    {0x385, "mdbound"}, {0x780, "mtohost"}, {0x781, "mfromhost"}, {0x782, "mreset"},
    {0x783, "mipi"}, {0x784, "miobase"}, {0x7a0, "tselect"}, {0x7a1, "tdata1"}, {0x7a2, "tdata2"},
    {0x7a3, "tdata3"}, {0x7a4, "tinfo"}, {0x7b0, "dcsr"}, {0x7b1, "dpc"}, {0x7b2, "dscratch0"},
    {0x7b3, "dscratch1"}, {0xb00, "mcycle"}, {0xb01, "mtime"}, {0xb02, "minstret"},
    {0xb80, "mcycleh"}, {0xb81, "mtimeh"}, {0xb82, "minstreth"}, {0xc00, "cycle"}, {0xc01, "time"},
    {0xc02, "instret"}, {0xc20, "vl"}, {0xc21, "vtype"}, {0xc22, "vlenb"}, {0xc80, "cycleh"},
    {0xc81, "timeh"}, {0xc82, "instreth"}, {0xd00, "scycle"}, {0xd01, "stime"}, {0xd02, "sinstret"},
    {0xd80, "scycleh"}, {0xd81, "stimeh"}, {0xd82, "sinstreth"}, {0xe00, "hcycle"},
    {0xe01, "htime"}, {0xe02, "hinstret"}, {0xe80, "hcycleh"}, {0xe81, "htimeh"},
    {0xe82, "hinstreth"}, {0xf11, "mvendorid"}, {0xf12, "marchid"}, {0xf13, "mimpid"},
    {0xf14, "mhartid"},
};

/* Families: num in [first, first + count) is prefix, (num - first + base), suffix. */
struct csr_range {
    uint16_t first;
    uint8_t count;
    uint8_t base;
    const char *prefix;
    const char *suffix;
};

static const struct csr_range csr_ranges[] = {
    {0x323, 29, 3, "mhpmevent", ""},
    {0x3a0, 16, 0, "pmpcfg", ""},
    {0x3b0, 64, 0, "pmpaddr", ""},
    {0xb03, 29, 3, "mhpmcounter", ""},
    {0xb83, 29, 3, "mhpmcounter", "h"},
};

static int csr_row_cmp(const void *key, const void *elem)
{
    unsigned k = *(const unsigned *)key;
    unsigned n = ((const struct csr_row *)elem)->num;
    return k < n ? -1 : k > n;
}

bool rv_csr_name(unsigned csr, char *buf, size_t size)
{
    const struct csr_row *row =
        bsearch(&csr, csr_rows, ARRAY_SIZE(csr_rows), sizeof(csr_rows[0]), csr_row_cmp);
    if (row) {
        snprintf(buf, size, "%s", row->name);
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(csr_ranges); i++) {
        const struct csr_range *r = &csr_ranges[i];
        if (csr >= r->first && csr < (unsigned)r->first + r->count) {
            snprintf(buf, size, "%s%u%s", r->prefix, csr - r->first + r->base, r->suffix);
            return true;
        }
    }
    return false;
}
