/*
 * mmap.c — the guest mmap family (mmap, munmap, mprotect, mremap, madvise, brk) with Linux
 * semantics, implemented as real host mappings inside the guest reservation.
 *
 * Every guest mapping is a host mapping at g2h(addr) made with MAP_FIXED over the reservation,
 * so file-backed, shared and private mappings behave exactly as the host kernel makes them
 * (page cache coherence, COW, SIGBUS beyond EOF). Unmapping maps reserved PROT_NONE memory back:
 * the reservation never has a hole. Layout follows riscv64 Linux without randomisation: the
 * stack ends at the top of the guest space, mmap_base sits max(stack size + guard gap, 128 MiB)
 * below it, and mappings without a usable hint are placed top-down below mmap_base.
 *
 * Errors are returned as negative errno values in the order Linux checks them.
 *
 * Threading: every function takes mem_private.lock for the whole operation and the flag
 * spinlock around host mapping changes; translations are invalidated after both are released.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mem_priv.h"

/* Host mmap flags passed through from the guest's; the rest is ours to decide. */
#define PASS_MAP_FLAGS                                                                             \
    (TARGET_MAP_TYPE | TARGET_MAP_ANONYMOUS | TARGET_MAP_LOCKED | TARGET_MAP_NORESERVE |           \
     TARGET_MAP_POPULATE | TARGET_MAP_NONBLOCK | TARGET_MAP_STACK | TARGET_MAP_HUGETLB |           \
     TARGET_MAP_SYNC | TARGET_MAP_HUGE_MASK)

/* Every flag Linux accepts under MAP_SHARED_VALIDATE. */
#define VALIDATED_MAP_FLAGS                                                                        \
    (PASS_MAP_FLAGS | TARGET_MAP_FIXED | TARGET_MAP_GROWSDOWN | TARGET_MAP_DENYWRITE |             \
     TARGET_MAP_EXECUTABLE | TARGET_MAP_FIXED_NOREPLACE | TARGET_MAP_UNINITIALIZED)

static uint64_t page_align_up(uint64_t x)
{
    return (x + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
}

/* Aligned length for a guest request, or 0 if it cannot fit in the guest space. */
static uint64_t mem_aligned_len(uint64_t len)
{
    if (len > GUEST_SPACE)
        return 0;
    return page_align_up(len);
}

/* Fill v's file identity from the host fd (name from /proc/self/fd, as Linux prints it). */
static void mem_describe_file(struct mem_vma *v, int fd, const struct stat *st)
{
    char link[64], path[PATH_MAX];
    ssize_t n;

    v->kind = VMA_FILE;
    v->dev = st->st_dev;
    v->ino = st->st_ino;
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof(path) - 1);
    if (n > 0) {
        path[n] = 0;
        v->name = xstrdup(path);
    }
}

/* Linux's is_data_mapping for an existing vma: private and writable, not the stack. */
static bool mem_vma_is_data(const struct mem_private *p, const struct mem_vma *v)
{
    bool stack = p->stack_marker && v->start <= p->stack_marker && p->stack_marker < v->end;

    return (v->prot & TARGET_PROT_WRITE) && !v->shared && !stack;
}

/* Bytes of guest mappings (only data mappings if data) outside [skip_s, skip_e). Caller holds
 * lock. */
static uint64_t mem_vm_size_locked(const struct mem_private *p, bool data, gaddr_t skip_s,
                                   gaddr_t skip_e)
{
    uint64_t n = 0;

    for (size_t i = 0; i < p->n_vmas; i++) {
        const struct mem_vma *v = &p->vmas[i];
        gaddr_t s = v->start > skip_s ? v->start : skip_s;
        gaddr_t e = v->end < skip_e ? v->end : skip_e;

        if (data && !mem_vma_is_data(p, v))
            continue;
        n += v->end - v->start;
        if (s < e)
            n -= e - s;
    }
    return n;
}

/* Linux's may_expand_vm: may len more bytes be mapped (data: as a data mapping) once the guest
 * mappings in [skip_s, skip_e) are replaced, within RLIMIT_AS and RLIMIT_DATA (in pages, as the
 * kernel compares them)? Caller holds lock. */
static bool mem_may_expand_locked(const struct mem_private *p, uint64_t len, bool data,
                                  gaddr_t skip_s, gaddr_t skip_e)
{
    const uint64_t pg = GUEST_PAGE_SIZE;

    if (p->limit_as != UINT64_MAX &&
        (mem_vm_size_locked(p, false, skip_s, skip_e) + len) / pg > p->limit_as / pg)
        return false;
    if (data && p->limit_data != UINT64_MAX &&
        (mem_vm_size_locked(p, true, skip_s, skip_e) + len) / pg > p->limit_data / pg)
        return false;
    return true;
}

bool mem_has_cap(int cap)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];

    if (cap < 0 || cap >= 64 || syscall(SYS_capget, &hdr, data))
        return false;
    return (data[cap / 32].effective >> (cap % 32)) & 1;
}

/* Bytes the host has locked for this process (VmLck): only guest memory, plume locks none of
 * its own. */
static uint64_t mem_host_locked(void)
{
    unsigned long long kb = 0;
    char line[128];
    FILE *f = fopen("/proc/self/status", "r");

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "VmLck: %llu kB", &kb) == 1)
            break;
    fclose(f);
    return (uint64_t)kb << 10;
}

/* Linux's mlock_future_ok under mlockall(MCL_FUTURE): may len more bytes be locked? */
static bool mem_lock_future_ok(const struct mem_private *p, uint64_t len)
{
    struct rlimit lim;

    if (!__atomic_load_n(&p->lock_future, __ATOMIC_RELAXED) || getrlimit(RLIMIT_MEMLOCK, &lim) ||
        lim.rlim_cur == RLIM_INFINITY)
        return true;
    return (mem_host_locked() + len) / GUEST_PAGE_SIZE <= lim.rlim_cur / GUEST_PAGE_SIZE ||
           mem_has_cap(CAP_IPC_LOCK);
}

void mem_set_lock_future(struct mem_space *m, int how)
{
    /* Without the lock: a fork child resets it while another thread of the parent may have
     * held the lock at the fork. */
    __atomic_store_n(&m->priv->lock_future, (uint8_t)how, __ATOMIC_RELAXED);
}

void mem_set_limits(struct mem_space *m, uint64_t as, uint64_t data)
{
    pthread_mutex_lock(&m->priv->lock);
    m->priv->limit_as = as;
    m->priv->limit_data = data;
    pthread_mutex_unlock(&m->priv->lock);
}

/* Is [a, a+len) usable as a non-fixed placement? */
static bool mem_hint_ok(struct mem_private *p, gaddr_t a, uint64_t len)
{
    return a >= MEM_MIN_ADDR && a <= GUEST_SPACE - len && vma_range_free(p, a, a + len);
}

/*
 * Core of mmap once arguments are checked and addr chosen: replace [addr, addr+len) by a new
 * host mapping and record it (brk: merged as Linux's brk-style mappings are, see vma_insert).
 * Caller holds lock; *had_code tells whether translations of the old contents must be dropped.
 */
static int64_t mem_map_locked(struct mem_space *m, gaddr_t addr, uint64_t len, int prot, int flags,
                              int fd, uint64_t off, const struct stat *st, bool *had_code, bool brk)
{
    struct mem_private *p = m->priv;
    int host_flags = (flags & PASS_MAP_FLAGS) | MAP_FIXED;
    unsigned pf = mem_prot_to_flags(prot);
    struct mem_vma v = {.start = addr, .end = addr + len, .prot = prot & 7};
    bool anon = flags & TARGET_MAP_ANONYMOUS;
    uint8_t lock;
    void *h;

    if (!anon)
        pf |= PAGE_FILE;

    /* The huge-page size bits alias MAP_UNINITIALIZED unless MAP_HUGETLB is set. */
    if (!(flags & TARGET_MAP_HUGETLB))
        host_flags &= ~(int)TARGET_MAP_HUGE_MASK;
    v.shared = (flags & TARGET_MAP_TYPE) != TARGET_MAP_PRIVATE;
    if (anon)
        v.kind = v.shared ? VMA_SHARED_ANON : VMA_ANON;
    else {
        v.off = off;
        mem_describe_file(&v, fd, st);
    }
    *had_code = *had_code || mem_range_has_code(p, addr, addr + len);
    mem_flag_lock(p);
    h = mmap(g2h(m, addr), len, mem_host_prot_of(pf), host_flags, anon ? -1 : fd,
             anon ? 0 : (off_t)off);
    if (h == MAP_FAILED) {
        int err = -errno;
        /* A MAP_FIXED that fails late may already have unmapped the old range (msync says
         * ENOMEM for unmapped pages): re-reserve it and forget the old mapping, as Linux does. */
        bool torn = msync(g2h(m, addr), len, MS_ASYNC) < 0 && errno == ENOMEM;
        if (torn && mem_host_reserve(m, addr, addr + len) == 0)
            mem_set_flags_locked(p, addr, addr + len, 0);
        mem_flag_unlock(p);
        if (torn)
            vma_remove_range(p, addr, addr + len);
        free(v.name);
        return err;
    }
    mem_set_flags_locked(p, addr, addr + len, pf);
    mem_flag_unlock(p);
    /* Like Linux's populate of a VM_LOCKED mapping, a failure to fault pages in is not
     * reported (the limit was checked before). */
    lock = __atomic_load_n(&p->lock_future, __ATOMIC_RELAXED);
    if (lock)
        syscall(SYS_mlock2, h, len, lock == MEM_LOCK_ONFAULT ? MLOCK_ONFAULT : 0);
    vma_remove_range(p, addr, addr + len);
    vma_insert(p, &v, brk);
    return (int64_t)addr;
}

int64_t mem_mmap(struct mem_space *m, gaddr_t addr, uint64_t len, int prot, int flags, int fd,
                 uint64_t off)
{
    struct mem_private *p = m->priv;
    bool anon = flags & TARGET_MAP_ANONYMOUS, had_code = false, data;
    int type = flags & TARGET_MAP_TYPE;
    struct stat st;
    uint64_t alen;
    int64_t ret;

    if (off & ~GUEST_PAGE_MASK)
        return -EINVAL;
    if (!anon && fstat(fd, &st) < 0)
        return -EBADF;
    if (type != TARGET_MAP_SHARED && type != TARGET_MAP_PRIVATE &&
        type != TARGET_MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == TARGET_MAP_SHARED_VALIDATE && (flags & ~VALIDATED_MAP_FLAGS))
        return -EOPNOTSUPP;
    if (len == 0)
        return -EINVAL;
    alen = mem_aligned_len(len);
    if (alen == 0)
        return -ENOMEM;
    if (!anon && off + alen < off)
        return -EOVERFLOW;
    if (flags & TARGET_MAP_FIXED_NOREPLACE)
        flags |= TARGET_MAP_FIXED;

    pthread_mutex_lock(&p->lock);
    if (flags & TARGET_MAP_FIXED) {
        if (addr & ~GUEST_PAGE_MASK)
            ret = -EINVAL;
        else if (addr > GUEST_SPACE - alen)
            ret = -ENOMEM;
        else if (addr < MEM_MIN_ADDR)
            ret = -EPERM;
        else if ((flags & TARGET_MAP_FIXED_NOREPLACE) && !vma_range_free(p, addr, addr + alen))
            ret = -EEXIST;
        else
            ret = 0;
    } else {
        addr = page_align_up(addr);
        if (addr == 0 || !mem_hint_ok(p, addr, alen))
            addr = vma_find_free(p, alen);
        ret = addr ? 0 : -ENOMEM;
    }
    data =
        (prot & TARGET_PROT_WRITE) && type == TARGET_MAP_PRIVATE && !(flags & TARGET_MAP_GROWSDOWN);
    if (ret == 0 && !mem_may_expand_locked(p, alen, data, addr, addr + alen))
        ret = -ENOMEM;
    else if (ret == 0 && !mem_lock_future_ok(p, alen))
        ret = -EAGAIN;
    if (ret == 0)
        ret = mem_map_locked(m, addr, alen, prot, flags, fd, off, anon ? NULL : &st, &had_code,
                             false);
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, addr, addr + alen);
    return ret;
}

/* Unmap [start, end) (page-aligned, inside the guest space). Caller holds lock. */
static int mem_unmap_locked(struct mem_space *m, gaddr_t start, gaddr_t end)
{
    struct mem_private *p = m->priv;
    int err;

    if (end <= start)
        return 0;
    mem_flag_lock(p);
    err = mem_host_reserve(m, start, end);
    if (err == 0)
        mem_set_flags_locked(p, start, end, 0);
    mem_flag_unlock(p);
    if (err == 0)
        vma_remove_range(p, start, end);
    return err;
}

int mem_munmap(struct mem_space *m, gaddr_t addr, uint64_t len)
{
    struct mem_private *p = m->priv;
    uint64_t alen;
    bool had_code;
    int err;

    if ((addr & ~GUEST_PAGE_MASK) || addr > GUEST_SPACE || len > GUEST_SPACE - addr)
        return -EINVAL;
    alen = page_align_up(len);
    if (alen == 0)
        return -EINVAL;
    pthread_mutex_lock(&p->lock);
    had_code = mem_range_has_code(p, addr, addr + alen);
    err = mem_unmap_locked(m, addr, addr + alen);
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, addr, addr + alen);
    return err;
}

int mem_mprotect(struct mem_space *m, gaddr_t addr, uint64_t len, int prot)
{
    struct mem_private *p = m->priv;
    const int known = TARGET_PROT_READ | TARGET_PROT_WRITE | TARGET_PROT_EXEC | TARGET_PROT_SEM |
                      TARGET_PROT_GROWSDOWN | TARGET_PROT_GROWSUP;
    unsigned pf = mem_prot_to_flags(prot);
    gaddr_t end, a;
    bool had_code;
    int err = 0;

    if (addr & ~GUEST_PAGE_MASK)
        return -EINVAL;
    if ((prot & ~known) || (prot & (TARGET_PROT_GROWSDOWN | TARGET_PROT_GROWSUP)) ==
                               (TARGET_PROT_GROWSDOWN | TARGET_PROT_GROWSUP))
        return -EINVAL;
    if (len == 0)
        return 0;
    if (len > GUEST_SPACE || addr >= GUEST_SPACE)
        return -ENOMEM;
    end = addr + page_align_up(len);
    if (end > GUEST_SPACE)
        return -ENOMEM;

    pthread_mutex_lock(&p->lock);
    if (!vma_range_covered(p, addr, end)) {
        pthread_mutex_unlock(&p->lock);
        return -ENOMEM;
    }
    had_code = mem_range_has_code(p, addr, end);
    /* Vma by vma, so a host refusal (shared file opened read-only) stops where Linux would. */
    for (a = addr; a < end && err == 0;) {
        struct mem_vma *v = vma_find(p, a);
        gaddr_t e = v->end < end ? v->end : end;
        unsigned vf = pf | (v->kind == VMA_FILE ? PAGE_FILE : 0);

        mem_flag_lock(p);
        if (mprotect(g2h(m, a), e - a, mem_host_prot_of(vf)) == 0)
            mem_set_flags_locked(p, a, e, vf);
        else
            err = -errno;
        mem_flag_unlock(p);
        if (err == 0)
            vma_set_prot(p, a, e, prot & 7);
        a = e;
    }
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, addr, end);
    return err;
}

/*
 * Move the host pages of [src, src+old_len) to dst, grown to new_len, without leaving a hole in
 * the reservation: the pages first move out to a host scratch area with MREMAP_DONTUNMAP (the
 * source stays mapped), grow there, then move into dst with MREMAP_FIXED, and the source is
 * re-reserved unless keep_src. Works for private, shared and file mappings alike, and keeps the
 * data. Caller holds lock and flag_lock.
 */
static int mem_host_move(struct mem_space *m, gaddr_t src, uint64_t old_len, gaddr_t dst,
                         uint64_t new_len, bool keep_src)
{
    struct mem_private *p = m->priv;
    void *scratch, *h = MAP_FAILED;
    int err;

    scratch = mmap(NULL, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (scratch == MAP_FAILED)
        return -ENOMEM;
    if (!p->no_dontunmap) {
        h = mremap(g2h(m, src), old_len, old_len, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP,
                   scratch);
        if (h == MAP_FAILED && errno != EINVAL)
            goto fail;
        if (h == MAP_FAILED)
            p->no_dontunmap = true;
    }
    if (h == MAP_FAILED) {
        /* Host without MREMAP_DONTUNMAP: the source is a hole until it is re-reserved. */
        errno = EINVAL;
        if (keep_src)
            goto fail;
        h = mremap(g2h(m, src), old_len, old_len, MREMAP_MAYMOVE | MREMAP_FIXED, scratch);
        if (h == MAP_FAILED)
            goto fail;
        mem_host_reserve(m, src, src + old_len);
    }
    if (new_len > old_len) {
        void *g;
        munmap((uint8_t *)h + old_len, new_len - old_len);
        g = mremap(h, old_len, new_len, MREMAP_MAYMOVE);
        if (g == MAP_FAILED) {
            err = -errno;
            mremap(h, old_len, old_len, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(m, src));
            return err;
        }
        h = g;
    }
    if (mremap(h, new_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(m, dst)) == MAP_FAILED) {
        err = -errno;
        mremap(h, old_len, old_len, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(m, src));
        munmap(h, new_len);
        return err;
    }
    if (!keep_src && dst != src)
        mem_host_reserve(m, src, src + old_len);
    return 0;
fail:
    err = -errno;
    munmap(scratch, new_len);
    return err;
}

int64_t mem_mremap(struct mem_space *m, gaddr_t old, uint64_t old_len, uint64_t new_len, int flags,
                   gaddr_t new_addr)
{
    struct mem_private *p = m->priv;
    const int known = TARGET_MREMAP_MAYMOVE | TARGET_MREMAP_FIXED | TARGET_MREMAP_DONTUNMAP;
    bool may_move = flags & TARGET_MREMAP_MAYMOVE, fixed = flags & TARGET_MREMAP_FIXED;
    bool dontunmap = flags & TARGET_MREMAP_DONTUNMAP, had_code = false;
    struct mem_vma *v, nv;
    gaddr_t dst = 0;
    uint64_t inv_len = page_align_up(old_len);
    unsigned pf;
    int64_t ret;
    int err;

    if ((flags & ~known) || (fixed && !may_move) || (dontunmap && !may_move))
        return -EINVAL;
    if (old & ~GUEST_PAGE_MASK)
        return -EINVAL;
    if (old_len > GUEST_SPACE || new_len > GUEST_SPACE)
        return -EINVAL;
    old_len = page_align_up(old_len);
    new_len = page_align_up(new_len);
    if (new_len == 0 || (dontunmap && old_len != new_len))
        return -EINVAL;
    if (old_len == 0)
        return -EINVAL; /* duplicating a shared mapping is not supported */
    if (fixed) {
        if ((new_addr & ~GUEST_PAGE_MASK) || new_addr > GUEST_SPACE - new_len)
            return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL;
    }

    pthread_mutex_lock(&p->lock);
    v = vma_find(p, old);
    if (!v || old > GUEST_SPACE - old_len || old + old_len > v->end) {
        ret = -EFAULT;
        goto out;
    }
    if (!fixed && !dontunmap && new_len <= old_len) {
        had_code = mem_range_has_code(p, old + new_len, old + old_len);
        err = mem_unmap_locked(m, old + new_len, old + old_len);
        ret = err ? err : (int64_t)old;
        goto out;
    }

    /* Growing (or moving): the whole old range goes, so drop its code protection first. */
    had_code = mem_range_has_code(p, old, old + old_len);
    nv = *v;
    nv.name = v->name ? xstrdup(v->name) : NULL;
    pf = mem_prot_to_flags(v->prot);
    if (nv.kind == VMA_FILE) {
        pf |= PAGE_FILE;
        nv.off += old - v->start;
    }
    if (new_len > old_len &&
        !mem_may_expand_locked(p, new_len - old_len, mem_vma_is_data(p, v), fixed ? new_addr : 0,
                               fixed ? new_addr + new_len : 0)) {
        free(nv.name);
        ret = -ENOMEM;
        goto out;
    }
    if (!fixed && !dontunmap && old + new_len <= GUEST_SPACE && old + old_len == v->end &&
        vma_range_free(p, old + old_len, old + new_len)) {
        dst = old;
    } else if (!may_move) {
        free(nv.name);
        ret = -ENOMEM;
        goto out;
    } else if (fixed) {
        dst = new_addr;
        had_code = had_code || mem_range_has_code(p, dst, dst + new_len);
        err = mem_unmap_locked(m, dst, dst + new_len);
        if (err == 0 && old_len > new_len) {
            had_code = had_code || mem_range_has_code(p, old + new_len, old + old_len);
            err = mem_unmap_locked(m, old + new_len, old + old_len);
            old_len = new_len;
        }
        if (err) {
            free(nv.name);
            ret = err;
            goto out;
        }
    } else {
        dst = vma_find_free(p, new_len);
        if (dst == 0) {
            free(nv.name);
            ret = -ENOMEM;
            goto out;
        }
    }

    mem_flag_lock(p);
    err = 0;
    if (had_code) {
        if (mprotect(g2h(m, old), old_len, mem_host_prot_of(pf)) < 0)
            err = -errno;
        else
            mem_set_flags_locked(p, old, old + old_len, pf);
    }
    if (err == 0)
        err = mem_host_move(m, old, old_len, dst, new_len, dontunmap);
    if (err == 0) {
        if (!dontunmap)
            mem_set_flags_locked(p, old, old + old_len, 0);
        mem_set_flags_locked(p, dst, dst + new_len, pf);
    }
    mem_flag_unlock(p);
    if (err) {
        free(nv.name);
        ret = err;
        goto out;
    }
    if (!dontunmap)
        vma_remove_range(p, old, old + old_len);
    vma_remove_range(p, dst, dst + new_len);
    nv.start = dst;
    nv.end = dst + new_len;
    vma_insert(p, &nv, false);
    ret = (int64_t)dst;
out:
    pthread_mutex_unlock(&p->lock);
    if (had_code) {
        mem_invalidate(m, old, old + inv_len);
        if (fixed && dst)
            mem_invalidate(m, dst, dst + new_len);
    }
    return ret;
}

/* Is advice a madvise value Linux knows (riscv64 generic numbering)? */
static bool mem_advice_known(int advice)
{
    return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 25) || advice == 102 ||
           advice == 103;
}

int mem_madvise(struct mem_space *m, gaddr_t addr, uint64_t len, int advice)
{
    struct mem_private *p = m->priv;
    bool had_code = false, hole = false;
    gaddr_t end, a;
    size_t i;
    int err = 0;

    if ((addr & ~GUEST_PAGE_MASK) || !mem_advice_known(advice))
        return -EINVAL;
    if (len > GUEST_SPACE || addr > GUEST_SPACE)
        return -EINVAL;
    end = addr + page_align_up(len);
    if (end > GUEST_SPACE)
        return -EINVAL;
    if (end == addr)
        return 0;
    if (advice == 100 || advice == 101)
        return -EPERM; /* MADV_HWPOISON / MADV_SOFT_OFFLINE need CAP_SYS_ADMIN */

    pthread_mutex_lock(&p->lock);
    /* Applied to each mapped piece; a hole anywhere makes the result ENOMEM, as in Linux. */
    for (a = addr, i = vma_lower_bound(p, addr); a < end; i++) {
        gaddr_t s, e;
        if (i >= p->n_vmas || p->vmas[i].start >= end) {
            hole = true;
            break;
        }
        s = p->vmas[i].start;
        e = p->vmas[i].end < end ? p->vmas[i].end : end;
        if (s > a)
            hole = true;
        if (s < a)
            s = a;
        switch (advice) {
        case MADV_DONTNEED:
        case MADV_FREE:
        case MADV_REMOVE:
        case MADV_WIPEONFORK:
        case MADV_KEEPONFORK:
        case MADV_COLD:
        case MADV_PAGEOUT:
        case MADV_WILLNEED:
            /* Host semantics are the guest's: DONTNEED zero-fills private anonymous pages. */
            if (advice != MADV_WILLNEED && mem_range_has_code(p, s, e))
                had_code = true;
            if (madvise(g2h(m, s), e - s, advice) < 0 && err == 0)
                err = -errno;
            break;
        default:
            /* Hints, fork behaviour (never DONTFORK the reservation) and KSM/THP: accepted. */
            break;
        }
        a = e;
    }
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, addr, end);
    if (err)
        return err;
    return hole ? -ENOMEM : 0;
}

int64_t mem_map_bss(struct mem_space *m, gaddr_t start, uint64_t len, bool exec)
{
    struct mem_private *p = m->priv;
    int prot = TARGET_PROT_READ | TARGET_PROT_WRITE | (exec ? TARGET_PROT_EXEC : 0);
    bool had_code = false;
    int64_t r;

    if ((start & ~GUEST_PAGE_MASK) || (len & ~GUEST_PAGE_MASK) || len == 0 || len > GUEST_SPACE ||
        start > GUEST_SPACE - len)
        return -EINVAL;
    if (start < MEM_MIN_ADDR)
        return -EPERM;
    pthread_mutex_lock(&p->lock);
    r = mem_map_locked(m, start, len, prot, TARGET_MAP_PRIVATE | TARGET_MAP_ANONYMOUS, -1, 0, NULL,
                       &had_code, true);
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, start, start + len);
    return r < 0 ? r : 0;
}

void mem_set_brk_start(struct mem_space *m, gaddr_t start)
{
    struct mem_private *p = m->priv;

    pthread_mutex_lock(&p->lock);
    p->brk_start = p->brk_cur = page_align_up(start);
    pthread_mutex_unlock(&p->lock);
}

gaddr_t mem_brk(struct mem_space *m, gaddr_t newbrk)
{
    struct mem_private *p = m->priv;
    gaddr_t old_end = 0, new_end = 0, ret;
    bool had_code = false;

    pthread_mutex_lock(&p->lock);
    ret = p->brk_cur;
    if (p->brk_start == 0 || newbrk < p->brk_start || newbrk > GUEST_SPACE - GUEST_PAGE_SIZE)
        goto out;
    old_end = page_align_up(p->brk_cur);
    new_end = page_align_up(newbrk);
    if (new_end < old_end) {
        /* Shrinking unmaps whole pages above the new break, as Linux does. */
        had_code = mem_range_has_code(p, new_end, old_end);
        if (mem_unmap_locked(m, new_end, old_end) < 0)
            goto out;
    } else if (new_end > old_end) {
        /* Growing never replaces an existing mapping: the break stays where it was. */
        if (!vma_range_free(p, old_end, new_end) ||
            !mem_may_expand_locked(p, new_end - old_end, true, 0, 0) ||
            !mem_lock_future_ok(p, new_end - old_end))
            goto out;
        if (mem_map_locked(m, old_end, new_end - old_end, TARGET_PROT_READ | TARGET_PROT_WRITE,
                           TARGET_MAP_PRIVATE | TARGET_MAP_ANONYMOUS, -1, 0, NULL, &had_code,
                           true) < 0)
            goto out;
    }
    p->brk_cur = ret = newbrk;
out:
    pthread_mutex_unlock(&p->lock);
    if (had_code)
        mem_invalidate(m, old_end < new_end ? old_end : new_end,
                       old_end < new_end ? new_end : old_end);
    return ret;
}

gaddr_t mem_map_stack(struct mem_space *m, uint64_t size)
{
    struct mem_private *p = m->priv;
    uint64_t gap;
    gaddr_t start;
    bool had_code = false;

    size = page_align_up(size);
    if (size == 0 || size > GUEST_SPACE / 2)
        return 0;
    start = GUEST_SPACE - size;
    pthread_mutex_lock(&p->lock);
    if (mem_map_locked(m, start, size, TARGET_PROT_READ | TARGET_PROT_WRITE,
                       TARGET_MAP_PRIVATE | TARGET_MAP_ANONYMOUS, -1, 0, NULL, &had_code,
                       false) < 0) {
        pthread_mutex_unlock(&p->lock);
        return 0;
    }
    p->stack_marker = GUEST_SPACE - 1;
    /* Linux's mmap_base(): the stack limit plus the guard gap, at least MIN_GAP. */
    gap = size + MEM_STACK_GUARD_GAP;
    if (gap < MEM_MIN_STACK_GAP)
        gap = MEM_MIN_STACK_GAP;
    p->mmap_base = (GUEST_SPACE - gap) & GUEST_PAGE_MASK;
    pthread_mutex_unlock(&p->lock);
    return GUEST_SPACE;
}
