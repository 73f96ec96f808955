/*
 * sys_mem.c — the guest address space syscalls: brk and the mmap family go to mem/, the
 * instruction-cache flush to the translation cache.
 *
 * mmap's fd is a host fd (guest fds are host fds) and riscv64's mmap offset is in bytes.
 * riscv_flush_icache drops the translations of the range: plume also catches self-modifying
 * code through write-protected code pages, so this is belt and braces for code written through
 * a second (aliased) mapping.
 *
 * Threading: any vCPU thread; mem/ and exec/ do their own locking.
 */
#include <sys/mman.h>

#include "../exec/exec.h"
#include "linux.h"

int64_t sys_brk(struct vcpu *cpu, const uint64_t *a)
{
    return (int64_t)mem_brk(lx_mem(cpu), a[0]);
}

int64_t sys_mmap(struct vcpu *cpu, const uint64_t *a)
{
    return mem_mmap(lx_mem(cpu), a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5]);
}

int64_t sys_munmap(struct vcpu *cpu, const uint64_t *a)
{
    return mem_munmap(lx_mem(cpu), a[0], a[1]);
}

int64_t sys_mremap(struct vcpu *cpu, const uint64_t *a)
{
    return mem_mremap(lx_mem(cpu), a[0], a[1], a[2], (int)a[3], a[4]);
}

int64_t sys_mprotect(struct vcpu *cpu, const uint64_t *a)
{
    return mem_mprotect(lx_mem(cpu), a[0], a[1], (int)a[2]);
}

int64_t sys_madvise(struct vcpu *cpu, const uint64_t *a)
{
    return mem_madvise(lx_mem(cpu), a[0], a[1], (int)a[2]);
}

/* Host pointer for a whole-page range that must be mapped, or NULL. */
static void *mapped_range(struct vcpu *cpu, gaddr_t addr, uint64_t len)
{
    struct mem_space *m = lx_mem(cpu);

    if (addr & ~GUEST_PAGE_MASK)
        return NULL;
    if (len > GUEST_SPACE || addr > GUEST_SPACE - len)
        return NULL;
    for (gaddr_t p = addr; p < addr + len; p += GUEST_PAGE_SIZE) {
        if (!(mem_page_flags(m, p) & PAGE_VALID))
            return NULL;
    }
    return g2h(m, addr);
}

int64_t sys_msync(struct vcpu *cpu, const uint64_t *a)
{
    void *h;

    if (a[0] & ~GUEST_PAGE_MASK)
        return -EINVAL;
    h = mapped_range(cpu, a[0], a[1]);
    return h ? lx_err(msync(h, a[1], (int)a[2])) : -ENOMEM;
}

int64_t sys_mlock(struct vcpu *cpu, const uint64_t *a)
{
    gaddr_t start = a[0] & GUEST_PAGE_MASK;
    void *h = mapped_range(cpu, start, a[1] + (a[0] - start));

    return h ? lx_err(mlock(h, a[1] + (a[0] - start))) : -ENOMEM;
}

int64_t sys_munlock(struct vcpu *cpu, const uint64_t *a)
{
    gaddr_t start = a[0] & GUEST_PAGE_MASK;
    void *h = mapped_range(cpu, start, a[1] + (a[0] - start));

    return h ? lx_err(munlock(h, a[1] + (a[0] - start))) : -ENOMEM;
}

int64_t sys_riscv_flush_icache(struct vcpu *cpu, const uint64_t *a)
{
    /* flags: 0 or SYS_RISCV_FLUSH_ICACHE_LOCAL (1). */
    if (a[2] & ~1ull)
        return -EINVAL;
    if (a[0] < a[1])
        tb_invalidate_range(cpu->proc, a[0], a[1]);
    return 0;
}
