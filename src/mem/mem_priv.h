/*
 * mem_priv.h — state private to mem/: the mapping list, the page-flag table, brk and the locks.
 *
 * Invariants:
 *  - vmas[] is sorted by start, entries never overlap, every entry is page-aligned and
 *    non-empty. A guest page is mapped (PAGE_VALID) iff some entry covers it.
 *  - Every host page of the reservation is always mapped: guest-unmapped pages are anonymous
 *    PROT_NONE|MAP_NORESERVE host pages, never a hole another host mmap could land in.
 *  - The host protection of a mapped page is mem_host_prot(its page flags).
 *
 * Locking: `lock` (a mutex) serialises every change to the mapping list and brk. `flag_lock`
 * (a spinlock, async-signal-safe) serialises writes of page-flag bytes together with the host
 * mmap/mprotect calls that go with them; the SIGSEGV path takes only flag_lock. Order: lock
 * before flag_lock. m->invalidate_code is never called with either held (exec/ takes its own
 * locks in there and calls mem_protect_code under them).
 */
#ifndef PLUME_MEM_MEM_PRIV_H
#define PLUME_MEM_MEM_PRIV_H

#include <pthread.h>
#include <sys/mman.h>

#include "mem.h"

/* Guest (riscv64 generic) mmap ABI values that mem/ interprets. */
#define TARGET_PROT_READ 0x1
#define TARGET_PROT_WRITE 0x2
#define TARGET_PROT_EXEC 0x4
#define TARGET_PROT_SEM 0x8
#define TARGET_PROT_GROWSDOWN 0x01000000
#define TARGET_PROT_GROWSUP 0x02000000

#define TARGET_MAP_SHARED 0x01
#define TARGET_MAP_PRIVATE 0x02
#define TARGET_MAP_SHARED_VALIDATE 0x03
#define TARGET_MAP_TYPE 0x0f
#define TARGET_MAP_FIXED 0x10
#define TARGET_MAP_ANONYMOUS 0x20
#define TARGET_MAP_GROWSDOWN 0x0100
#define TARGET_MAP_DENYWRITE 0x0800
#define TARGET_MAP_EXECUTABLE 0x1000
#define TARGET_MAP_LOCKED 0x2000
#define TARGET_MAP_NORESERVE 0x4000
#define TARGET_MAP_POPULATE 0x8000
#define TARGET_MAP_NONBLOCK 0x10000
#define TARGET_MAP_STACK 0x20000
#define TARGET_MAP_HUGETLB 0x40000
#define TARGET_MAP_SYNC 0x80000
#define TARGET_MAP_FIXED_NOREPLACE 0x100000
#define TARGET_MAP_UNINITIALIZED 0x4000000
#define TARGET_MAP_HUGE_MASK (0x3fu << 26)

#define TARGET_MREMAP_MAYMOVE 1
#define TARGET_MREMAP_FIXED 2
#define TARGET_MREMAP_DONTUNMAP 4

/* Lowest address a guest mapping may use (Linux's mmap_min_addr). */
#define MEM_MIN_ADDR 0x1000ull
/* Linux's minimum gap between the stack top and mmap_base (mm/util.c MIN_GAP). */
#define MEM_MIN_STACK_GAP (128ull << 20)
/* Linux's stack_guard_gap (256 pages), added to the stack size when placing mmap_base. */
#define MEM_STACK_GUARD_GAP (256ull * GUEST_PAGE_SIZE)

enum mem_vma_kind {
    VMA_ANON,        /* private anonymous (also brk and the stack) */
    VMA_SHARED_ANON, /* MAP_SHARED|MAP_ANONYMOUS: its own shmem object, never merged */
    VMA_FILE,        /* file-backed, private or shared */
};

/* One guest mapping, as a line of /proc/self/maps. */
struct mem_vma {
    gaddr_t start, end;
    uint64_t off; /* file offset of start (VMA_FILE) */
    uint64_t dev; /* st_dev of the file */
    uint64_t ino; /* st_ino of the file */
    char *name;   /* malloc'd host path of the file, or NULL */
    uint8_t prot; /* TARGET_PROT_READ/WRITE/EXEC */
    uint8_t kind; /* enum mem_vma_kind */
    bool shared;  /* MAP_SHARED */
};

struct mem_private {
    pthread_mutex_t lock;
    int flag_lock;        /* spinlock: 0 free, 1 held */
    uint8_t *pages;       /* one flag byte per guest page, GUEST_SPACE >> 12 bytes */
    struct mem_vma *vmas; /* sorted mapping list (under lock) */
    size_t n_vmas, cap_vmas;
    gaddr_t mmap_base;          /* top-down allocation starts below this */
    gaddr_t brk_start, brk_cur; /* program break (brk_cur is unaligned, as Linux keeps it) */
    gaddr_t stack_marker;       /* an address inside the initial stack ([stack]), or 0 */
    bool no_dontunmap;          /* host refused MREMAP_DONTUNMAP once: use the fallback */
    uint8_t lock_future;        /* mlockall(MCL_FUTURE): 0, MEM_LOCK_FUTURE or MEM_LOCK_ONFAULT
                                 * (atomic) */
    uint64_t limit_as;          /* guest RLIMIT_AS soft limit in bytes (UINT64_MAX: none) */
    uint64_t limit_data;        /* guest RLIMIT_DATA soft limit in bytes (UINT64_MAX: none) */
};

/* ---- space.c ---- */

/* Take / release the flag spinlock. Async-signal-safe. */
void mem_flag_lock(struct mem_private *p);
void mem_flag_unlock(struct mem_private *p);

/* Guest PROT_* -> page flags (with PAGE_VALID). */
unsigned mem_prot_to_flags(int prot);

/* Set the flag bytes of [start, end) to pf. Caller holds flag_lock. */
void mem_set_flags_locked(struct mem_private *p, gaddr_t start, gaddr_t end, unsigned pf);

/* True if some page of [start, end) has PAGE_CODE. Lock-free read. */
bool mem_range_has_code(struct mem_private *p, gaddr_t start, gaddr_t end);

/* Call m->invalidate_code(start, end) if it is set. No mem lock may be held. */
void mem_invalidate(struct mem_space *m, gaddr_t start, gaddr_t end);

/* Map [start, end) back to reserved PROT_NONE host memory. Caller holds flag_lock. Returns 0
 * or -errno. */
int mem_host_reserve(struct mem_space *m, gaddr_t start, gaddr_t end);

/* ---- vma.c (caller holds lock) ---- */

/* Index of the first vma whose end is above a (n_vmas if none). */
size_t vma_lower_bound(const struct mem_private *p, gaddr_t a);
/* The vma containing a, or NULL. */
struct mem_vma *vma_find(struct mem_private *p, gaddr_t a);
/* True if no vma overlaps [start, end). */
bool vma_range_free(const struct mem_private *p, gaddr_t start, gaddr_t end);
/* True if [start, end) is entirely covered by vmas. */
bool vma_range_covered(const struct mem_private *p, gaddr_t start, gaddr_t end);
/* Remove [start, end) from the list, splitting entries that straddle its ends. */
void vma_remove_range(struct mem_private *p, gaddr_t start, gaddr_t end);
/* Insert v (its name ownership passes to the list); [v.start, v.end) must be free. Merges with
 * compatible neighbours; with after_only (brk and ELF bss, Linux's vm_brk_flags) only with the
 * one ending at v.start, never with one starting at v.end. */
void vma_insert(struct mem_private *p, const struct mem_vma *v, bool after_only);
/* Set the protection of the (covered) range [start, end), splitting and re-merging. */
void vma_set_prot(struct mem_private *p, gaddr_t start, gaddr_t end, uint8_t prot);
/* Free range of len bytes for a new mapping: top-down below mmap_base, then bottom-up above
 * it. Returns the start, or 0 if the guest space has no such hole. */
gaddr_t vma_find_free(const struct mem_private *p, uint64_t len);

/* Host protection of a mapped page with flags pf: exec-only pages stay host-readable so the
 * translator can fetch them; pages holding code lose host write permission. */
static inline int mem_host_prot_of(unsigned pf)
{
    int prot = PROT_NONE;

    if (pf & (PAGE_READ | PAGE_WRITE | PAGE_EXEC))
        prot |= PROT_READ;
    if ((pf & PAGE_WRITE) && !(pf & PAGE_CODE))
        prot |= PROT_WRITE;
    return prot;
}

#endif
