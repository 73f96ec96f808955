/*
 * sys_numa.c — NUMA memory policy: mbind, get_mempolicy, set_mempolicy, migrate_pages,
 * move_pages, set_mempolicy_home_node.
 *
 * The host kernel keeps the policies and places the pages. Node masks are arrays of 64-bit
 * words on both riscv64 and x86-64 and are locked in guest memory. Guest address ranges must lie
 * in the guest space (EFAULT beyond, as beyond Linux's user space) and go to the host at g2h,
 * where unmapped guest pages are the PROT_NONE reservation: mbind over a hole succeeds, as on
 * current kernels (older ones said EFAULT). get_mempolicy's MPOL_F_ADDR address must be in a
 * guest mapping (EFAULT otherwise, as Linux without a vma there). move_pages' page list holds
 * guest addresses of the target process and is rebuilt with host addresses (right for this process
 * and its fork children, which keep the reservation's address).
 *
 * Threading: any vCPU thread; no state.
 */
#include <string.h>
#include <sys/syscall.h>

#include "sys_extra.h"

/* Bits a node mask may have (Linux: at most a page of bits). */
#define NODEMASK_MAX_BITS (4096 * 8)
#define MPOL_F_ADDR_FLAG 2

/* Bytes of a node mask of maxnode bits as the kernel reads (in) or writes (out) it. */
static size_t mask_bytes(uint64_t maxnode, bool out)
{
    uint64_t bits = out ? maxnode : (maxnode ? maxnode - 1 : 0);
    return (size_t)((bits + 63) / 64 * 8);
}

/* Lock the node mask at g (maxnode bits; NULL stays NULL) into *out; 0 or -errno. */
static int lock_mask(struct vcpu *cpu, gaddr_t g, uint64_t maxnode, bool out, void **p)
{
    *p = NULL;
    if (!g || maxnode == 0)
        return 0;
    if (maxnode > NODEMASK_MAX_BITS)
        return -EINVAL;
    *p = mem_lock(lx_mem(cpu), g, mask_bytes(maxnode, out), out ? PAGE_WRITE : PAGE_READ);
    return *p ? 0 : -EFAULT;
}

/* Host address of the guest range [start, start+len) rounded out to pages, or NULL with *err:
 * -EINVAL unaligned, -EFAULT beyond the guest space. */
static void *range(struct vcpu *cpu, gaddr_t start, uint64_t len, int *err)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t alen = (len + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;

    *err = 0;
    if (start & ~GUEST_PAGE_MASK) {
        *err = -EINVAL;
        return NULL;
    }
    if (alen < len || start >= GUEST_SPACE || alen > GUEST_SPACE - start) {
        *err = -EFAULT;
        return NULL;
    }
    return g2h(m, start);
}

int64_t sys_mbind(struct vcpu *cpu, const uint64_t *a)
{
    void *mask, *h;
    int err = lock_mask(cpu, a[3], a[4], false, &mask);

    if (err)
        return err;
    h = range(cpu, a[0], a[1], &err);
    if (!h)
        return err;
    return lx_err(syscall(SYS_mbind, h, a[1], (int)a[2], mask, a[4], (unsigned)a[5]));
}

int64_t sys_set_mempolicy(struct vcpu *cpu, const uint64_t *a)
{
    void *mask;
    int err = lock_mask(cpu, a[1], a[2], false, &mask);

    return err ? err : lx_err(syscall(SYS_set_mempolicy, (int)a[0], mask, a[2]));
}

int64_t sys_get_mempolicy(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    void *mode = NULL, *mask, *addr = NULL;
    int err = lock_mask(cpu, a[1], a[2], true, &mask);

    if (err)
        return err;
    if (a[0]) {
        mode = mem_lock(m, a[0], sizeof(int), PAGE_WRITE);
        if (!mode)
            return -EFAULT;
    }
    if (a[4] & MPOL_F_ADDR_FLAG) {
        if (!mem_range_ok(m, a[3], 1, 0))
            return -EFAULT;
        addr = g2h(m, a[3]);
    }
    return lx_err(syscall(SYS_get_mempolicy, mode, mask, a[2], addr, (unsigned)a[4]));
}

int64_t sys_migrate_pages(struct vcpu *cpu, const uint64_t *a)
{
    void *from, *to;
    int err = lock_mask(cpu, a[2], a[1], false, &from);

    if (!err)
        err = lock_mask(cpu, a[3], a[1], false, &to);
    return err ? err : lx_err(syscall(SYS_migrate_pages, (int)a[0], a[1], from, to));
}

int64_t sys_move_pages(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t n = a[1];
    void *nodes = NULL, *status;
    uint64_t *pages;
    int64_t r;

    if (n > (1u << 24))
        return -EINVAL;
    if (a[3]) {
        nodes = mem_lock(m, a[3], n * sizeof(int), PAGE_READ);
        if (!nodes)
            return -EFAULT;
    }
    status = mem_lock(m, a[4], n * sizeof(int), PAGE_WRITE);
    if (!status && n)
        return -EFAULT;
    pages = xmalloc((n ? n : 1) * sizeof(*pages));
    if (mem_copy_from_guest(m, pages, a[2], n * sizeof(*pages))) {
        free(pages);
        return -EFAULT;
    }
    /* An address beyond the guest space, or (this process) outside its mappings, becomes one
     * the host reports as not mapped (-EFAULT in its status word), never plume's own memory
     * or the reservation. */
    bool self = (int)a[0] == 0 || (int)a[0] == lx_proc(cpu)->pid;
    for (uint64_t i = 0; i < n; i++) {
        bool ok = pages[i] < GUEST_SPACE && (!self || mem_range_ok(m, pages[i], 1, 0));
        pages[i] = ok ? (uintptr_t)g2h(m, pages[i]) : UINT64_MAX & ~4095ull;
    }
    r = lx_err(syscall(SYS_move_pages, (int)a[0], n, pages, nodes, status, (int)a[5]));
    free(pages);
    return r;
}

int64_t sys_set_mempolicy_home_node(struct vcpu *cpu, const uint64_t *a)
{
    int err;
    void *h = range(cpu, a[0], a[1], &err);

    if (!h)
        return err;
    return lx_err(syscall(SYS_set_mempolicy_home_node, h, a[1], a[2], a[3]));
}
