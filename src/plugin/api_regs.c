/*
 * api_regs.c — qemu_plugin_get_registers / read_register / write_register.
 *
 * Compiled against the version-5 declarations: read/write_register return int there, and the
 * same symbols serve version 6-7 callers with bool results (exactly 0 or 1 in the full return
 * register) — the caller's version comes from its return address (plg_caller_abi).
 *
 * Registers are the 72 of QEMU's `-cpu rv64` gdb description (spec §4.15). Handles are the gdb
 * register number + 1, as QEMU 10.2 encodes them (never NULL); `pc` is read-only for version
 * 6-7 callers, who redirect execution with qemu_plugin_set_pc instead.
 *
 * Threading: on a vCPU thread, inside a callback; access is checked against the vCPU's
 * current level (struct plg_vcpu.level).
 */
#define PLUME_PLUGIN_API_VERSION 5
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <qemu-plugin.h>

#include "../riscv/insn.h"
#include "core.h"

#define FEAT_CPU "org.gnu.gdb.riscv.cpu"
#define FEAT_FPU "org.gnu.gdb.riscv.fpu"
#define FEAT_VIRT "org.gnu.gdb.riscv.virtual"
#define FEAT_CSR "org.gnu.gdb.riscv.csr"

/* gdb numbers of the non-GPR registers (handle = number + 1). */
enum {
    GDB_PC = 32,
    GDB_F0 = 33,
    GDB_PRIV = 65,
    GDB_CSR_BASE = 66, /* + CSR number (enum rv_csr) */
};

struct reg_row {
    unsigned gdb;
    const char *name;
    const char *feature;
};

/* clang-format off */
static const struct reg_row reg_table[] = {
    {0, "zero", FEAT_CPU},  {1, "ra", FEAT_CPU},    {2, "sp", FEAT_CPU},    {3, "gp", FEAT_CPU},
    {4, "tp", FEAT_CPU},    {5, "t0", FEAT_CPU},    {6, "t1", FEAT_CPU},    {7, "t2", FEAT_CPU},
    {8, "fp", FEAT_CPU},    {9, "s1", FEAT_CPU},    {10, "a0", FEAT_CPU},   {11, "a1", FEAT_CPU},
    {12, "a2", FEAT_CPU},   {13, "a3", FEAT_CPU},   {14, "a4", FEAT_CPU},   {15, "a5", FEAT_CPU},
    {16, "a6", FEAT_CPU},   {17, "a7", FEAT_CPU},   {18, "s2", FEAT_CPU},   {19, "s3", FEAT_CPU},
    {20, "s4", FEAT_CPU},   {21, "s5", FEAT_CPU},   {22, "s6", FEAT_CPU},   {23, "s7", FEAT_CPU},
    {24, "s8", FEAT_CPU},   {25, "s9", FEAT_CPU},   {26, "s10", FEAT_CPU},  {27, "s11", FEAT_CPU},
    {28, "t3", FEAT_CPU},   {29, "t4", FEAT_CPU},   {30, "t5", FEAT_CPU},   {31, "t6", FEAT_CPU},
    {GDB_PC, "pc", FEAT_CPU},
    {33, "ft0", FEAT_FPU},  {34, "ft1", FEAT_FPU},  {35, "ft2", FEAT_FPU},  {36, "ft3", FEAT_FPU},
    {37, "ft4", FEAT_FPU},  {38, "ft5", FEAT_FPU},  {39, "ft6", FEAT_FPU},  {40, "ft7", FEAT_FPU},
    {41, "fs0", FEAT_FPU},  {42, "fs1", FEAT_FPU},  {43, "fa0", FEAT_FPU},  {44, "fa1", FEAT_FPU},
    {45, "fa2", FEAT_FPU},  {46, "fa3", FEAT_FPU},  {47, "fa4", FEAT_FPU},  {48, "fa5", FEAT_FPU},
    {49, "fa6", FEAT_FPU},  {50, "fa7", FEAT_FPU},  {51, "fs2", FEAT_FPU},  {52, "fs3", FEAT_FPU},
    {53, "fs4", FEAT_FPU},  {54, "fs5", FEAT_FPU},  {55, "fs6", FEAT_FPU},  {56, "fs7", FEAT_FPU},
    {57, "fs8", FEAT_FPU},  {58, "fs9", FEAT_FPU},  {59, "fs10", FEAT_FPU}, {60, "fs11", FEAT_FPU},
    {61, "ft8", FEAT_FPU},  {62, "ft9", FEAT_FPU},  {63, "ft10", FEAT_FPU}, {64, "ft11", FEAT_FPU},
    {GDB_PRIV, "priv", FEAT_VIRT},
    {GDB_CSR_BASE + RV_CSR_FFLAGS, "fflags", FEAT_CSR},
    {GDB_CSR_BASE + RV_CSR_FRM, "frm", FEAT_CSR},
    {GDB_CSR_BASE + RV_CSR_FCSR, "fcsr", FEAT_CSR},
    {GDB_CSR_BASE + RV_CSR_CYCLE, "cycle", FEAT_CSR},
    {GDB_CSR_BASE + RV_CSR_TIME, "time", FEAT_CSR},
    {GDB_CSR_BASE + RV_CSR_INSTRET, "instret", FEAT_CSR},
};
/* clang-format on */

/* Layout of a descriptor for version 6-7 callers (24 bytes + is_readonly, padded to 32). */
struct desc_v6 {
    struct qemu_plugin_register *handle;
    const char *name;
    const char *feature;
    bool is_readonly;
};

_Static_assert(sizeof(struct desc_v6) == 32, "v6 descriptor is 32 bytes");
_Static_assert(sizeof(qemu_plugin_reg_descriptor) == 24, "v2-v5 descriptor is 24 bytes");

GArray *qemu_plugin_get_registers(void)
{
    int abi = plg_caller_abi(__builtin_return_address(0));
    guint esize = abi >= 6 ? sizeof(struct desc_v6) : sizeof(qemu_plugin_reg_descriptor);
    GArray *a = g_array_sized_new(TRUE, TRUE, esize, ARRAY_SIZE(reg_table));
    for (size_t i = 0; i < ARRAY_SIZE(reg_table); i++) {
        struct desc_v6 d = {
            .handle = (struct qemu_plugin_register *)(uintptr_t)(reg_table[i].gdb + 1),
            .name = reg_table[i].name,
            .feature = reg_table[i].feature,
            .is_readonly = reg_table[i].gdb == GDB_PC,
        };
        g_array_append_vals(a, &d, 1);
    }
    return a;
}

/* Timer value in 10 MHz ticks (the usual riscv Linux timebase). */
static uint64_t time_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

/* Value of gdb register n of cpu; false for an unknown number. */
static bool reg_get(const struct vcpu *cpu, unsigned n, uint64_t *v)
{
    if (n < 32)
        *v = n ? cpu->x[n] : 0;
    else if (n == GDB_PC)
        *v = cpu->pc;
    else if (n >= GDB_F0 && n < GDB_F0 + 32)
        *v = cpu->f[n - GDB_F0];
    else if (n == GDB_PRIV)
        *v = 0; /* user mode */
    else if (n == GDB_CSR_BASE + RV_CSR_FFLAGS)
        *v = cpu->fflags;
    else if (n == GDB_CSR_BASE + RV_CSR_FRM)
        *v = cpu->frm;
    else if (n == GDB_CSR_BASE + RV_CSR_FCSR)
        *v = (uint64_t)cpu->frm << 5 | cpu->fflags;
    else if (n == GDB_CSR_BASE + RV_CSR_CYCLE || n == GDB_CSR_BASE + RV_CSR_INSTRET)
        *v = cpu->icount;
    else if (n == GDB_CSR_BASE + RV_CSR_TIME)
        *v = time_ticks();
    else
        return false;
    return true;
}

/* Set gdb register n of cpu; false if it cannot be written (unknown, priv, counters). */
static bool reg_set(struct vcpu *cpu, unsigned n, uint64_t v)
{
    if (n < 32) {
        if (n)
            cpu->x[n] = v;
    } else if (n == GDB_PC) {
        cpu->pc = v;
    } else if (n >= GDB_F0 && n < GDB_F0 + 32) {
        cpu->f[n - GDB_F0] = v;
    } else if (n == GDB_CSR_BASE + RV_CSR_FFLAGS) {
        cpu->fflags = v & 0x1f;
    } else if (n == GDB_CSR_BASE + RV_CSR_FRM) {
        cpu->frm = v & 7;
    } else if (n == GDB_CSR_BASE + RV_CSR_FCSR) {
        cpu->fflags = v & 0x1f;
        cpu->frm = (v >> 5) & 7;
    } else {
        return false;
    }
    return true;
}

/* The vCPU of the calling thread if the running callback has at least access level min. */
static struct vcpu *allowed_cpu(uint8_t min)
{
    struct vcpu *cpu = current_cpu;
    if (!cpu || !cpu->plg || cpu->plg->level < min)
        return NULL;
    return cpu;
}

int qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    bool new_abi = plg_caller_abi(__builtin_return_address(0)) >= 6;
    struct vcpu *cpu = allowed_cpu(PLG_LEVEL_R);
    if (!cpu)
        return new_abi ? 0 : -1;
    uint64_t v;
    if (!handle || !reg_get(cpu, (unsigned)((uintptr_t)handle - 1), &v))
        return 0;
    g_byte_array_append(buf, (const guint8 *)&v, sizeof(v)); /* little-endian guest and host */
    return new_abi ? 1 : (int)sizeof(v);
}

int qemu_plugin_write_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    bool new_abi = plg_caller_abi(__builtin_return_address(0)) >= 6;
    struct vcpu *cpu = allowed_cpu(PLG_LEVEL_RW);
    if (!cpu || buf->len == 0 || !handle)
        return new_abi ? 0 : -1;
    unsigned n = (unsigned)((uintptr_t)handle - 1);
    if (new_abi && n == GDB_PC) {
        plg_lock();
        bool warned = plg_core.warned_ro_write;
        plg_core.warned_ro_write = true;
        plg_unlock();
        if (!warned)
            fprintf(stderr,
                    "%s: warning: plugin wrote the read-only register pc; use "
                    "qemu_plugin_set_pc (write ignored)\n",
                    plume_progname);
        return 0;
    }
    uint64_t v = 0;
    memcpy(&v, buf->data, buf->len < sizeof(v) ? buf->len : sizeof(v));
    if (!reg_set(cpu, n, v))
        return 0;
    return new_abi ? 1 : (int)sizeof(v);
}
