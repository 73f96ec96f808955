/*
 * sys_vm.c — address-space calls beyond the mmap family (sys_mem.c): residency (mincore),
 * locking (mlock2, mlockall, munlockall), membarrier, reading or writing another address
 * space (process_vm_readv/writev), process_madvise, remap_file_pages and memfd_secret.
 *
 * Guest ranges are checked against the guest's own mappings (mem/'s page flags: a range with an
 * unmapped page is ENOMEM, as on Linux, although the host has the PROT_NONE reservation there)
 * and then handed to the host at g2h. mlockall(MCL_CURRENT) locks every accessible guest
 * mapping after Linux's RLIMIT_MEMLOCK check on the guest's total size; plume's own memory and
 * the reservation stay unlocked. MCL_FUTURE (with MCL_ONFAULT) is the guest's only: mem/ locks
 * each later guest mapping (mem_set_lock_future), with Linux's RLIMIT_MEMLOCK check (EAGAIN);
 * locking the host's future mappings would also lock plume's own memory and its PROT_NONE
 * re-reservations. As in Linux, RLIMIT_MEMLOCK 0 without CAP_IPC_LOCK is EPERM, and a call
 * without MCL_FUTURE ends it. munlockall unlocks everything (plume itself locks nothing).
 *
 * process_vm_readv/writev: local iovecs are guest buffers; remote ones are guest addresses of
 * the target, which plume can reach only when the target's guest space sits at the same host
 * address as this process's: itself, and processes forked from it (fork keeps the reservation
 * where it is). That is checked in the target's /proc/<pid>/maps (a PROT_NONE private mapping
 * must start at this process's guest_base, which plume's reservation always does since guest
 * page 0 is never mapped); any other target (another plume run, a host program) gives EFAULT,
 * and an unreadable maps file (no ptrace access) EPERM. The host kernel then copies, with
 * Linux's partial-transfer semantics. For writes into this process, pages holding translated
 * code are unprotected first (mem_lock), as a guest store would.
 *
 * process_madvise: the target's ranges are guest addresses, given to the host at g2h (right for
 * this process and its fork children, which keep the reservation's address); a range beyond the
 * guest space is ENOMEM. remap_file_pages goes to the host at g2h(start), where the guest's
 * shared file mapping is the host's own, and then drops the translations made from those pages
 * (the maps still show the mapping's first offset). memfd_secret descriptors are host ones and
 * are mapped like any file.
 *
 * Threading: any vCPU thread; no state.
 */
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>

#include "sys_extra.h"

#define TARGET_MLOCK_ONFAULT 1
#define TARGET_MCL_CURRENT 1
#define TARGET_MCL_FUTURE 2
#define TARGET_MCL_ONFAULT 4

int64_t sys_mincore(struct vcpu *cpu, const uint64_t *a)
{
    gaddr_t start = a[0];
    uint64_t len = a[1], pages;
    void *vec;

    if (start & ~GUEST_PAGE_MASK)
        return -EINVAL;
    /* Beyond the address space is ENOMEM even for len 0 (Linux's access_ok). */
    if (start >= GUEST_SPACE || len > GUEST_SPACE || !mem_range_ok(lx_mem(cpu), start, len, 0))
        return -ENOMEM;
    pages = (len + GUEST_PAGE_SIZE - 1) / GUEST_PAGE_SIZE;
    vec = mem_lock(lx_mem(cpu), a[2], pages, PAGE_WRITE);
    if (!vec)
        return -EFAULT;
    return lx_err(mincore(g2h(lx_mem(cpu), start), len, vec));
}

int64_t sys_mlock2(struct vcpu *cpu, const uint64_t *a)
{
    gaddr_t start = a[0] & GUEST_PAGE_MASK;
    uint64_t len = a[1] + (a[0] - start);

    if (a[2] & ~(uint64_t)TARGET_MLOCK_ONFAULT)
        return -EINVAL;
    if (len < a[1] || !mem_range_ok(lx_mem(cpu), start, len, 0))
        return -ENOMEM;
    return lx_err(syscall(SYS_mlock2, g2h(lx_mem(cpu), start), len, (unsigned)a[2]));
}

int64_t sys_mlockall(struct vcpu *cpu, const uint64_t *a)
{
    const uint64_t known = TARGET_MCL_CURRENT | TARGET_MCL_FUTURE | TARGET_MCL_ONFAULT;
    struct mem_space *m = lx_mem(cpu);
    uint64_t flags = a[0], total = 0;
    unsigned long long s, e;
    struct rlimit lim;
    char *maps, *line;
    size_t n;
    int64_t r = 0;

    if (!flags || (flags & ~known) || flags == TARGET_MCL_ONFAULT)
        return -EINVAL;
    if (getrlimit(RLIMIT_MEMLOCK, &lim))
        return -errno;
    /* Linux's can_do_mlock. */
    if (lim.rlim_cur == 0 && !mem_has_cap(CAP_IPC_LOCK))
        return -EPERM;
    maps = mem_format_maps(m, &n);
    for (line = maps; sscanf(line, "%llx-%llx", &s, &e) == 2; line = strchr(line, '\n') + 1)
        total += e - s;
    if ((flags & TARGET_MCL_CURRENT) && lim.rlim_cur != RLIM_INFINITY &&
        total / GUEST_PAGE_SIZE > lim.rlim_cur / GUEST_PAGE_SIZE && !mem_has_cap(CAP_IPC_LOCK)) {
        free(maps);
        return -ENOMEM;
    }
    if (!(flags & TARGET_MCL_FUTURE))
        mem_set_lock_future(m, 0);
    else
        mem_set_lock_future(m, flags & TARGET_MCL_ONFAULT ? MEM_LOCK_ONFAULT : MEM_LOCK_FUTURE);
    /* Like Linux's mlockall, failures to fault pages in are not reported; a refusal by the
     * host's own limits is. */
    for (line = maps; (flags & TARGET_MCL_CURRENT) && sscanf(line, "%llx-%llx", &s, &e) == 2;
         line = strchr(line, '\n') + 1) {
        if (strncmp(strchr(line, ' ') + 1, "---", 3) == 0)
            continue;
        if (syscall(SYS_mlock2, g2h(m, s), e - s,
                    flags & TARGET_MCL_ONFAULT ? TARGET_MLOCK_ONFAULT : 0) < 0 &&
            (errno == EAGAIN || errno == EPERM)) {
            r = -errno;
            break;
        }
    }
    free(maps);
    return r;
}

int64_t sys_munlockall(struct vcpu *cpu, const uint64_t *a)
{
    mem_set_lock_future(lx_mem(cpu), 0);
    return lx_err(munlockall());
}

int64_t sys_membarrier(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]));
}

/* True if process pid's address space has a PROT_NONE private mapping starting at host address
 * base; *err is -EPERM or -ESRCH when its maps cannot be read. */
static bool shares_guest_base(pid_t pid, const void *base, int *err)
{
    char path[64], line[256], want[32];
    bool found = false;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
    f = fopen(path, "r");
    if (!f) {
        *err = errno == ENOENT ? -ESRCH : -EPERM;
        return false;
    }
    snprintf(want, sizeof(want), "%lx-", (unsigned long)(uintptr_t)base);
    while (!found && fgets(line, sizeof(line), f)) {
        char *sp = strchr(line, ' ');
        found = strncmp(line, want, strlen(want)) == 0 && sp && strncmp(sp + 1, "---p", 4) == 0;
    }
    /* An empty read (no ptrace access to the target) also ends here. */
    *err = found ? 0 : (ferror(f) ? -EPERM : -EFAULT);
    fclose(f);
    return found;
}

/* process_vm_readv (to_guest) and process_vm_writev. */
static int64_t process_vm(struct vcpu *cpu, const uint64_t *a, bool to_guest)
{
    struct mem_space *m = lx_mem(cpu);
    pid_t pid = (pid_t)a[0];
    int64_t rn = (int64_t)a[4], r;
    struct target_iovec *tv = NULL;
    struct iovec *lv, *rv = NULL;
    int err;

    if (a[5])
        return -EINVAL;
    if (rn < 0 || rn > IOV_MAX)
        return -EINVAL;
    lv = lx_lock_iovec(cpu, a[1], (int64_t)a[2], to_guest, &err);
    if (!lv)
        return err;
    tv = xmalloc(sizeof(*tv) * (size_t)(rn ? rn : 1));
    rv = xmalloc(sizeof(*rv) * (size_t)(rn ? rn : 1));
    if (mem_copy_from_guest(m, tv, a[3], sizeof(*tv) * (size_t)rn)) {
        r = -EFAULT;
        goto out;
    }
    if (pid != lx_proc(cpu)->pid && !shares_guest_base(pid, m->base, &err)) {
        r = err;
        goto out;
    }
    for (int64_t i = 0; i < rn; i++) {
        if (tv[i].len && (tv[i].base >= GUEST_SPACE || tv[i].len > GUEST_SPACE - tv[i].base)) {
            r = -EFAULT;
            goto out;
        }
        /* Writing this process's pages that hold translated code: unprotect them first. The
         * result does not matter: unmapped parts fault in the host copy, which then stops
         * there as Linux does. */
        if (!to_guest && pid == lx_proc(cpu)->pid)
            mem_lock(m, tv[i].base, tv[i].len, PAGE_WRITE);
        rv[i].iov_base = g2h(m, tv[i].base);
        rv[i].iov_len = tv[i].len;
    }
    r = lx_err(syscall(to_guest ? SYS_process_vm_readv : SYS_process_vm_writev, pid, lv,
                       (unsigned long)a[2], rv, (unsigned long)rn, 0ul));
out:
    free(tv);
    free(rv);
    free(lv);
    return r;
}

int64_t sys_process_vm_readv(struct vcpu *cpu, const uint64_t *a)
{
    return process_vm(cpu, a, true);
}

int64_t sys_process_vm_writev(struct vcpu *cpu, const uint64_t *a)
{
    return process_vm(cpu, a, false);
}

/* ---- process_madvise, remap_file_pages, memfd_secret ---- */

int64_t sys_process_madvise(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    uint64_t n = a[2];
    struct iovec *iov;
    int64_t r;

    if (n > IOV_MAX)
        return -EINVAL;
    iov = xcalloc(n ? n : 1, sizeof(*iov));
    r = mem_copy_from_guest(m, iov, a[1], n * sizeof(*iov));
    for (uint64_t i = 0; i < n && !r; i++) {
        uint64_t base = (uintptr_t)iov[i].iov_base;
        if (base >= GUEST_SPACE || iov[i].iov_len > GUEST_SPACE - base)
            r = -ENOMEM;
        iov[i].iov_base = g2h(m, base);
    }
    if (!r)
        r = lx_err(syscall(SYS_process_madvise, (int)a[0], iov, n, (int)a[3], (unsigned)a[4]));
    free(iov);
    return r;
}

int64_t sys_remap_file_pages(struct vcpu *cpu, const uint64_t *a)
{
    struct mem_space *m = lx_mem(cpu);
    gaddr_t start = a[0] & GUEST_PAGE_MASK;
    uint64_t size = (a[1] + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    int64_t r;

    if (a[2])
        return -EINVAL; /* prot: deprecated, must be 0 */
    if (size == 0 || start >= GUEST_SPACE || size > GUEST_SPACE - start ||
        !mem_range_ok(m, start, size, 0))
        return -EINVAL;
    /* The host mapping at g2h(start) is the guest's own (same file, flags and protection), so
     * the host checks it is one shared file mapping and moves the pages. */
    r = lx_err(syscall(SYS_remap_file_pages, g2h(m, start), size, 0, a[3], (int)a[4]));
    if (r == 0)
        mem_contents_changed(m, start, start + size);
    return r;
}

int64_t sys_memfd_secret(struct vcpu *cpu, const uint64_t *a)
{
    return lx_err(syscall(SYS_memfd_secret, (unsigned)a[0]));
}
