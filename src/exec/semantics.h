/*
 * semantics.h — instruction semantics written once, for the interpreter's handlers (interp.c)
 * and, later, for the JIT's call-the-helper fallback.
 *
 * Pure integer helpers take and return register values. Memory helpers take the vCPU and the op
 * being executed and return an enum sem_status: after SEM_FAULT (fault recorded in cpu->fault)
 * the caller leaves with EXIT_FAULT at op->pc. Every guest data access:
 *  - checks addr + size <= GUEST_SPACE with one compare (else SIGSEGV/SEGV_MAPERR at addr),
 *  - stores cpu->cur_op = op first, so that a host SIGSEGV/SIGBUS on the access can be turned
 *    into a guest fault at the right pc (protocol in cpu_loop.c),
 *  - goes straight to cpu->mem_base + addr: naturally aligned plain loads/stores as relaxed host
 *    atomics (same code as plain moves on x86-64; no data race with LR/SC/AMO on other threads),
 *    misaligned ones as unaligned host accesses (RISC-V Linux hides them); misaligned atomics
 *    raise SIGBUS.
 * With `instr` (a compile-time constant at every call) the helper also reports each completed
 * access to the plugin core, after it happened and in program order (plugin spec §4.10).
 *
 * Threading: owning vCPU only; atomics use host atomic instructions on the shared guest memory.
 */
#ifndef PLUME_EXEC_SEMANTICS_H
#define PLUME_EXEC_SEMANTICS_H

#include <signal.h>
#include <string.h>
#include <time.h>

#include "../mem/mem.h"
#include "../plugin/hooks.h"
#include "../riscv/fpu.h"
#include "tb.h"

#define SEM_INLINE static inline __attribute__((always_inline))

/* Outcome of a memory helper. */
enum sem_status {
    SEM_OK = 0,    /* completed */
    SEM_FAULT = 1, /* synchronous fault recorded in cpu->fault */
};

/* ---- integer helpers ---- */

SEM_INLINE uint64_t sem_sext32(uint64_t v)
{
    return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

SEM_INLINE uint64_t sem_mulh(uint64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
}

SEM_INLINE uint64_t sem_mulhsu(uint64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64);
}

SEM_INLINE uint64_t sem_mulhu(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

/* Division by zero gives all ones (quotient) or the dividend (remainder); the signed overflow
 * MIN / -1 gives MIN (quotient) and 0 (remainder). */
SEM_INLINE uint64_t sem_div(uint64_t a, uint64_t b)
{
    if (b == 0)
        return UINT64_MAX;
    if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
        return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}

SEM_INLINE uint64_t sem_divu(uint64_t a, uint64_t b)
{
    return b == 0 ? UINT64_MAX : a / b;
}

SEM_INLINE uint64_t sem_rem(uint64_t a, uint64_t b)
{
    if (b == 0)
        return a;
    if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
        return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}

SEM_INLINE uint64_t sem_remu(uint64_t a, uint64_t b)
{
    return b == 0 ? a : a % b;
}

SEM_INLINE uint64_t sem_divw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0)
        return UINT64_MAX;
    if (x == INT32_MIN && y == -1)
        return sem_sext32((uint32_t)x);
    return sem_sext32((uint32_t)(x / y));
}

SEM_INLINE uint64_t sem_divuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return y == 0 ? UINT64_MAX : sem_sext32(x / y);
}

SEM_INLINE uint64_t sem_remw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0)
        return sem_sext32((uint32_t)x);
    if (x == INT32_MIN && y == -1)
        return 0;
    return sem_sext32((uint32_t)(x % y));
}

SEM_INLINE uint64_t sem_remuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return sem_sext32(y == 0 ? x : x % y);
}

SEM_INLINE uint64_t sem_clz(uint64_t a)
{
    return a ? (uint64_t)__builtin_clzll(a) : 64;
}

SEM_INLINE uint64_t sem_ctz(uint64_t a)
{
    return a ? (uint64_t)__builtin_ctzll(a) : 64;
}

SEM_INLINE uint64_t sem_clzw(uint64_t a)
{
    uint32_t w = (uint32_t)a;
    return w ? (uint64_t)__builtin_clz(w) : 32;
}

SEM_INLINE uint64_t sem_ctzw(uint64_t a)
{
    uint32_t w = (uint32_t)a;
    return w ? (uint64_t)__builtin_ctz(w) : 32;
}

SEM_INLINE uint64_t sem_rol(uint64_t a, unsigned sh)
{
    sh &= 63;
    return sh ? (a << sh) | (a >> (64 - sh)) : a;
}

SEM_INLINE uint64_t sem_ror(uint64_t a, unsigned sh)
{
    sh &= 63;
    return sh ? (a >> sh) | (a << (64 - sh)) : a;
}

SEM_INLINE uint64_t sem_rolw(uint64_t a, unsigned sh)
{
    uint32_t w = (uint32_t)a;
    sh &= 31;
    return sem_sext32(sh ? (w << sh) | (w >> (32 - sh)) : w);
}

SEM_INLINE uint64_t sem_rorw(uint64_t a, unsigned sh)
{
    uint32_t w = (uint32_t)a;
    sh &= 31;
    return sem_sext32(sh ? (w >> sh) | (w << (32 - sh)) : w);
}

/* orc.b: every non-zero byte becomes 0xff. */
SEM_INLINE uint64_t sem_orc_b(uint64_t a)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 64; i += 8)
        if ((a >> i) & 0xff)
            r |= (uint64_t)0xff << i;
    return r;
}

/* ---- faults ---- */

SEM_INLINE void sem_fault(struct vcpu *cpu, int sig, int code, gaddr_t addr)
{
    cpu->fault.sig = sig;
    cpu->fault.code = code;
    cpu->fault.addr = addr;
}

/* ---- CSRs (user-level: fflags, frm, fcsr, cycle, time, instret) ---- */

/* Read-only counters: cycle and instret count host time-stamp ticks, time is a 10 MHz clock
 * (the usual riscv timebase), both monotonic. */
static inline uint64_t sem_csr_counter(unsigned csr)
{
    if (csr == RV_CSR_TIME) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
    }
    return __builtin_ia32_rdtsc();
}

/* Execute a Zicsr instruction. Returns false for an illegal access (unknown CSR, or a write to
 * a read-only counter); rd is written only on success. */
static inline bool sem_csr(struct vcpu *cpu, const struct insn *in)
{
    unsigned csr = (unsigned)in->imm & 0xfff;
    bool imm_form = in->op == RV_OP_CSRRWI || in->op == RV_OP_CSRRSI || in->op == RV_OP_CSRRCI;
    uint64_t src = imm_form ? in->rs1 : cpu->x[in->rs1];
    bool writes = in->op == RV_OP_CSRRW || in->op == RV_OP_CSRRWI || in->rs1 != 0;
    uint64_t old;

    switch (csr) {
    case RV_CSR_FFLAGS: old = cpu->fflags & 0x1f; break;
    case RV_CSR_FRM: old = cpu->frm & 7; break;
    case RV_CSR_FCSR: old = ((cpu->frm & 7) << 5) | (cpu->fflags & 0x1f); break;
    case RV_CSR_CYCLE:
    case RV_CSR_TIME:
    case RV_CSR_INSTRET:
        if (writes)
            return false;
        cpu->x[in->rd] = sem_csr_counter(csr);
        return true;
    default: return false;
    }
    uint64_t nv = old;
    if (in->op == RV_OP_CSRRW || in->op == RV_OP_CSRRWI)
        nv = src;
    else if (in->op == RV_OP_CSRRS || in->op == RV_OP_CSRRSI)
        nv = old | src;
    else
        nv = old & ~src;
    if (writes) {
        if (csr == RV_CSR_FFLAGS) {
            cpu->fflags = nv & 0x1f;
        } else if (csr == RV_CSR_FRM) {
            cpu->frm = nv & 7;
        } else {
            cpu->fflags = nv & 0x1f;
            cpu->frm = (nv >> 5) & 7;
        }
    }
    cpu->x[in->rd] = old;
    return true;
}

/* ---- memory ---- */

SEM_INLINE bool sem_range_ok(gaddr_t a, unsigned size)
{
    return a <= GUEST_SPACE - size;
}

/* Whether host address h is aligned for an access of 1 << log2 bytes. */
SEM_INLINE bool sem_aligned(const uint8_t *h, unsigned log2)
{
    return ((uintptr_t)h & ((1u << log2) - 1)) == 0;
}

/* Zero-extended value of 1 << log2 bytes at host address h. Naturally aligned accesses are
 * relaxed atomic loads (a plain mov on x86-64, and race-free next to the host atomics of
 * LR/SC/AMO on other threads); misaligned ones are performed piecewise with memcpy. */
SEM_INLINE uint64_t sem_read(const uint8_t *h, unsigned log2)
{
    if (likely(sem_aligned(h, log2))) {
        switch (log2) {
        case 0: return __atomic_load_n(h, __ATOMIC_RELAXED);
        case 1: return __atomic_load_n((const uint16_t *)h, __ATOMIC_RELAXED);
        case 2: return __atomic_load_n((const uint32_t *)h, __ATOMIC_RELAXED);
        default: return __atomic_load_n((const uint64_t *)h, __ATOMIC_RELAXED);
        }
    }
    switch (log2) {
    case 1: {
        uint16_t v;
        memcpy(&v, h, 2);
        return v;
    }
    case 2: {
        uint32_t v;
        memcpy(&v, h, 4);
        return v;
    }
    default: {
        uint64_t v;
        memcpy(&v, h, 8);
        return v;
    }
    }
}

/* Store the low 1 << log2 bytes of v at host address h (atomicity as sem_read). */
SEM_INLINE void sem_write(uint8_t *h, unsigned log2, uint64_t v)
{
    if (likely(sem_aligned(h, log2))) {
        switch (log2) {
        case 0: __atomic_store_n(h, (uint8_t)v, __ATOMIC_RELAXED); break;
        case 1: __atomic_store_n((uint16_t *)h, (uint16_t)v, __ATOMIC_RELAXED); break;
        case 2: __atomic_store_n((uint32_t *)h, (uint32_t)v, __ATOMIC_RELAXED); break;
        default: __atomic_store_n((uint64_t *)h, v, __ATOMIC_RELAXED); break;
        }
        return;
    }
    switch (log2) {
    case 1: {
        uint16_t w = (uint16_t)v;
        memcpy(h, &w, 2);
        break;
    }
    case 2: {
        uint32_t w = (uint32_t)v;
        memcpy(h, &w, 4);
        break;
    }
    default: memcpy(h, &v, 8); break;
    }
}

SEM_INLINE uint64_t sem_sext(uint64_t v, unsigned log2)
{
    switch (log2) {
    case 0: return (uint64_t)(int64_t)(int8_t)v;
    case 1: return (uint64_t)(int64_t)(int16_t)v;
    case 2: return (uint64_t)(int64_t)(int32_t)v;
    default: return v;
    }
}

/* Report one completed access of an instrumented instruction to the plugin core (which records
 * the access in vcpu.mem_*). A callback that moves the pc does not return here: it unwinds to
 * the cpu loop (the instruction's other accesses are not performed). */
static inline void sem_mem_report(struct vcpu *cpu, unsigned log2, bool sign, bool store,
                                  gaddr_t a, uint64_t v)
{
    plg_mem_hook(cpu, plg_meminfo(log2, sign, store), a, v, 0);
}

/* Effective address base + imm of a load/store (base: the rs1 value), or false (fault
 * recorded) if out of range; records op as the one that may fault. */
SEM_INLINE bool sem_ea_base(struct vcpu *cpu, const struct op *op, uint64_t base, unsigned log2,
                            gaddr_t *a)
{
    *a = base + (uint64_t)(int64_t)op->in.imm;
    if (unlikely(!sem_range_ok(*a, 1u << log2))) {
        sem_fault(cpu, SIGSEGV, SEGV_MAPERR, *a);
        return false;
    }
    cpu->cur_op = op;
    return true;
}

/* Effective address rs1 + imm of a load/store, or false (fault recorded) if out of range. */
SEM_INLINE bool sem_ea(struct vcpu *cpu, const struct op *op, unsigned log2, gaddr_t *a)
{
    return sem_ea_base(cpu, op, cpu->x[op->in.rs1], log2, a);
}

/* Report the access if instrumented; the status the helper returns. */
SEM_INLINE int sem_done(struct vcpu *cpu, bool instr, unsigned log2, bool sign, bool store,
                        gaddr_t a, uint64_t v)
{
    if (instr)
        sem_mem_report(cpu, log2, sign, store, a, v);
    return SEM_OK;
}

/* Integer load: x[rd] = mem[x[rs1] + imm], sign- or zero-extended. */
SEM_INLINE int sem_load(struct vcpu *cpu, const struct op *op, unsigned log2, bool sign, bool instr)
{
    gaddr_t a;
    if (!sem_ea(cpu, op, log2, &a))
        return SEM_FAULT;
    uint64_t v = sem_read(cpu->mem_base + a, log2);
    cpu->x[op->in.rd] = sign ? sem_sext(v, log2) : v;
    return sem_done(cpu, instr, log2, sign, false, a, v);
}

/* Integer store: mem[x[rs1] + imm] = x[rs2]. */
SEM_INLINE int sem_store(struct vcpu *cpu, const struct op *op, unsigned log2, bool instr)
{
    gaddr_t a;
    if (!sem_ea(cpu, op, log2, &a))
        return SEM_FAULT;
    uint64_t v = cpu->x[op->in.rs2] & (UINT64_MAX >> (64 - (8u << log2)));
    sem_write(cpu->mem_base + a, log2, v);
    return sem_done(cpu, instr, log2, false, true, a, v);
}

/* flw / fld: raw bits, singles NaN-boxed. */
SEM_INLINE int sem_fload(struct vcpu *cpu, const struct op *op, unsigned log2, bool instr)
{
    gaddr_t a;
    if (!sem_ea(cpu, op, log2, &a))
        return SEM_FAULT;
    uint64_t v = sem_read(cpu->mem_base + a, log2);
    cpu->f[op->in.rd] = log2 == 2 ? fpu_load_s((uint32_t)v) : v;
    return sem_done(cpu, instr, log2, false, false, a, v);
}

/* fsw / fsd: raw bits (fsw stores the low 32 bits). */
SEM_INLINE int sem_fstore(struct vcpu *cpu, const struct op *op, unsigned log2, bool instr)
{
    gaddr_t a;
    if (!sem_ea(cpu, op, log2, &a))
        return SEM_FAULT;
    uint64_t v = cpu->f[op->in.rs2] & (UINT64_MAX >> (64 - (8u << log2)));
    sem_write(cpu->mem_base + a, log2, v);
    return sem_done(cpu, instr, log2, false, true, a, v);
}

/* AMO operation k (0 swap, 1 add, 2 xor, 3 and, 4 or, 5 min, 6 max, 7 minu, 8 maxu: the row
 * order of insn.def) on the old memory value and the source register, width 32 (w) or 64. */
SEM_INLINE uint64_t sem_amo_calc(unsigned k, uint64_t old, uint64_t src, bool w)
{
    int64_t so = w ? (int32_t)old : (int64_t)old, ss = w ? (int32_t)src : (int64_t)src;
    uint64_t uo = w ? (uint32_t)old : old, us = w ? (uint32_t)src : src;
    switch (k) {
    case 0: return src;
    case 1: return old + src;
    case 2: return old ^ src;
    case 3: return old & src;
    case 4: return old | src;
    case 5: return so < ss ? old : src;
    case 6: return so > ss ? old : src;
    case 7: return uo < us ? old : src;
    default: return uo > us ? old : src;
    }
}

_Static_assert(RV_OP_AMOMAXU_W - RV_OP_AMOSWAP_W == 8 && RV_OP_AMOMAXU_D - RV_OP_AMOSWAP_D == 8,
               "AMO rows must stay in swap/add/xor/and/or/min/max/minu/maxu order");
_Static_assert(
    RV_OP_LR_W<RV_OP_AMOMAXU_W && RV_OP_SC_W<RV_OP_AMOMAXU_W && RV_OP_LR_D> RV_OP_AMOMAXU_W &&
               RV_OP_AMOMAXU_D>
        RV_OP_LR_D,
    "all .w atomic rows must precede the .d ones");

/* Host atomic read-modify-write of AMO k; returns the old value (zero-extended for w). */
SEM_INLINE uint64_t sem_amo_host(uint8_t *h, unsigned k, uint64_t src, bool w)
{
    if (w) {
        uint32_t *p = (uint32_t *)h, s = (uint32_t)src, o;
        switch (k) {
        case 0: return __atomic_exchange_n(p, s, __ATOMIC_SEQ_CST);
        case 1: return __atomic_fetch_add(p, s, __ATOMIC_SEQ_CST);
        case 2: return __atomic_fetch_xor(p, s, __ATOMIC_SEQ_CST);
        case 3: return __atomic_fetch_and(p, s, __ATOMIC_SEQ_CST);
        case 4: return __atomic_fetch_or(p, s, __ATOMIC_SEQ_CST);
        default:
            o = __atomic_load_n(p, __ATOMIC_RELAXED);
            while (!__atomic_compare_exchange_n(p, &o, (uint32_t)sem_amo_calc(k, o, s, true), false,
                                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
                ;
            return o;
        }
    }
    uint64_t *p = (uint64_t *)h, o;
    switch (k) {
    case 0: return __atomic_exchange_n(p, src, __ATOMIC_SEQ_CST);
    case 1: return __atomic_fetch_add(p, src, __ATOMIC_SEQ_CST);
    case 2: return __atomic_fetch_xor(p, src, __ATOMIC_SEQ_CST);
    case 3: return __atomic_fetch_and(p, src, __ATOMIC_SEQ_CST);
    case 4: return __atomic_fetch_or(p, src, __ATOMIC_SEQ_CST);
    default:
        o = __atomic_load_n(p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(p, &o, sem_amo_calc(k, o, src, false), false,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return o;
    }
}

/*
 * LR/SC/AMO (rvop is the row, a constant at plain call sites). The address is x[rs1] and must
 * be naturally aligned (else SIGBUS/BUS_ADRALN at the pc, as Linux reports it). LR records the
 * reservation (address and loaded value); SC succeeds iff the reservation is for this address
 * and memory still holds the reserved value, checked and stored with one host compare-and-swap;
 * any SC clears the reservation.
 */
SEM_INLINE int sem_atomic(struct vcpu *cpu, const struct op *op, unsigned rvop, bool instr)
{
    bool w = rvop <= RV_OP_AMOMAXU_W;
    unsigned log2 = w ? 2 : 3;
    gaddr_t a = cpu->x[op->in.rs1];
    if (unlikely(a & ((1u << log2) - 1))) {
        sem_fault(cpu, SIGBUS, BUS_ADRALN, op->pc);
        return SEM_FAULT;
    }
    if (unlikely(!sem_range_ok(a, 1u << log2))) {
        sem_fault(cpu, SIGSEGV, SEGV_MAPERR, a);
        return SEM_FAULT;
    }
    cpu->cur_op = op;
    uint8_t *h = cpu->mem_base + a;
    uint64_t src = cpu->x[op->in.rs2];
    if (w)
        src = (uint32_t)src;

    if (rvop == RV_OP_LR_W || rvop == RV_OP_LR_D) {
        uint64_t v = w ? __atomic_load_n((uint32_t *)h, __ATOMIC_SEQ_CST)
                       : __atomic_load_n((uint64_t *)h, __ATOMIC_SEQ_CST);
        cpu->res_addr = a;
        cpu->res_val = v;
        cpu->res_valid = true;
        cpu->x[op->in.rd] = w ? sem_sext32(v) : v;
        return sem_done(cpu, instr, log2, w, false, a, v);
    }
    if (rvop == RV_OP_SC_W || rvop == RV_OP_SC_D) {
        bool reserved = cpu->res_valid && cpu->res_addr == a;
        cpu->res_valid = false;
        if (!reserved) {
            cpu->x[op->in.rd] = 1;
            return SEM_OK;
        }
        bool ok;
        uint64_t seen;
        if (w) {
            uint32_t exp = (uint32_t)cpu->res_val;
            ok = __atomic_compare_exchange_n((uint32_t *)h, &exp, (uint32_t)src, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            seen = exp;
        } else {
            uint64_t exp = cpu->res_val;
            ok = __atomic_compare_exchange_n((uint64_t *)h, &exp, src, false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
            seen = exp;
        }
        cpu->x[op->in.rd] = !ok;
        sem_done(cpu, instr, log2, false, false, a, seen);
        return sem_done(cpu, instr, log2, false, true, a, src);
    }
    unsigned k = w ? rvop - RV_OP_AMOSWAP_W : rvop - RV_OP_AMOSWAP_D;
    uint64_t old = sem_amo_host(h, k, src, w);
    cpu->x[op->in.rd] = w ? sem_sext32(old) : old;
    if (!instr)
        return SEM_OK;
    uint64_t nv = sem_amo_calc(k, old, src, w);
    sem_done(cpu, instr, log2, w, false, a, old);
    return sem_done(cpu, instr, log2, false, true, a, w ? (uint32_t)nv : nv);
}

#endif
