/*
 * mem.h — the guest address space.
 *
 * The whole guest space [0, GUEST_SPACE) is reserved once at guest_base (PROT_NONE,
 * MAP_NORESERVE), so guest->host is one add. Guest mappings are real host mappings inside that
 * reservation with the guest's protections (exec-only pages are host-readable: x86-64 cannot
 * tell fetch from read; the page-flag table keeps the guest's view). A page-flag table records
 * each guest page's VALID/READ/WRITE/EXEC bits and whether it holds translated code (then the
 * host copy is write-protected and the first guest store to it invalidates the page's blocks).
 *
 * Syscall copies: plume's own reads and writes of guest memory (mem_copy_*, mem_strdup_from_guest,
 * mem_guarded) run under the calling thread's recovery point, so a host fault there (a file page
 * beyond end of file gives SIGBUS; a page another guest thread just unmapped gives SIGSEGV)
 * becomes -EFAULT, as a failed copy_to_user/copy_from_user is on Linux.
 *
 * Threading: page flags are read without locks (one byte per page); every change to mappings
 * (mmap, munmap, mprotect, brk, mremap) takes mem_space.lock. Any thread.
 */
#ifndef PLUME_MEM_MEM_H
#define PLUME_MEM_MEM_H

#include <setjmp.h>
#include <signal.h>
#include <sys/types.h>

#include "../util/common.h"

/*
 * A recovery point for plume's accesses to guest memory. While `armed`, the host SIGSEGV/SIGBUS
 * handler siglongjmp()s to `jmp` if the fault address lies in the guest reservation; the
 * guarded access then returns -EFAULT. One per host thread, owned by that thread.
 */
struct mem_recover {
    sigjmp_buf jmp;
    volatile sig_atomic_t armed;
};

/* The guest address space of one process. Fields shown here are public; the rest is private to
 * mem/. */
struct mem_space {
    uint8_t *base;   /* guest_base: host address of guest address 0 */
    /* Called (with the page range) when translated code on guest pages must be dropped:
     * set by exec/ before any translation. */
    void (*invalidate_code)(void *opaque, gaddr_t start, gaddr_t end);
    void *invalidate_opaque;
    /* The calling thread's recovery point, or NULL (guarded accesses then run unguarded). Set
     * by linux/ before any vCPU runs; NULL until then. */
    struct mem_recover *(*thread_recover)(void);
    struct mem_private *priv;
};

/* Size of the guest address space: 2^38 bytes, as a riscv64 Linux process has under Sv39. */
#define GUEST_SPACE_BITS 38
#define GUEST_SPACE (1ull << GUEST_SPACE_BITS)
#define GUEST_PAGE_SIZE 4096ull
#define GUEST_PAGE_MASK (~(GUEST_PAGE_SIZE - 1))

enum {
    PAGE_VALID = 1u << 0,
    PAGE_READ = 1u << 1,
    PAGE_WRITE = 1u << 2,
    PAGE_EXEC = 1u << 3,
    PAGE_CODE = 1u << 4, /* holds translated code: host copy write-protected */
    PAGE_FILE = 1u << 5, /* file-backed: a host access beyond end of file raises SIGBUS, so
                          * plume's plugin memory reads do not memcpy from it */
};

/* Create the reservation and empty page table. Dies on failure. Main thread, before any vCPU. */
struct mem_space *mem_init(void);

/* Page flags of the guest page containing a (0 if a is outside the guest space). Any thread. */
unsigned mem_page_flags(struct mem_space *m, gaddr_t a);

/* True iff every byte of [a, a+len) is mapped with all of prot (PAGE_READ/WRITE/EXEC). */
bool mem_range_ok(struct mem_space *m, gaddr_t a, size_t len, unsigned prot);

/*
 * Host pointer for a syscall to read (PAGE_READ) or write (PAGE_WRITE) [a, a+len), or NULL if
 * any page is unmapped or lacks the permission (the caller returns -EFAULT). For writes, pages
 * holding translated code are unprotected first and their blocks invalidated. len 0 is OK.
 * The pointer is for host syscalls (the host kernel answers EFAULT for a file page beyond end
 * of file); plume's own reads and writes of guest memory use the guarded copies below.
 */
void *mem_lock(struct mem_space *m, gaddr_t a, size_t len, unsigned prot);

/* Copy helpers on top of mem_lock: return 0 or -EFAULT (also when the host faults during the
 * copy). */
int mem_copy_from_guest(struct mem_space *m, void *dst, gaddr_t src, size_t len);
int mem_copy_to_guest(struct mem_space *m, gaddr_t dst, const void *src, size_t len);
/* Copy a NUL-terminated guest string of at most max bytes into a malloc'd buffer; NULL on fault
 * or if too long (sets *err to -EFAULT or -ENAMETOOLONG). */
char *mem_strdup_from_guest(struct mem_space *m, gaddr_t src, size_t max, int *err);
/* Run fn(arg), which accesses guest memory through host pointers (from mem_lock), under the
 * calling thread's recovery point: 0, or -EFAULT if a host fault on guest memory ended it
 * midway. fn must not take locks or allocate. Any thread. */
int mem_guarded(struct mem_space *m, void (*fn)(void *arg), void *arg);

/*
 * Guest mmap family with Linux semantics. prot/flags are the guest's (riscv64 values are the
 * generic ones, same as x86-64 for everything plume supports); fd is a host fd. Return the guest
 * address or a negative errno.
 */
int64_t mem_mmap(struct mem_space *m, gaddr_t addr, uint64_t len, int prot, int flags, int fd,
                 uint64_t off);
int mem_munmap(struct mem_space *m, gaddr_t addr, uint64_t len);
int mem_mprotect(struct mem_space *m, gaddr_t addr, uint64_t len, int prot);
int64_t mem_mremap(struct mem_space *m, gaddr_t old, uint64_t old_len, uint64_t new_len, int flags,
                   gaddr_t new_addr);
int mem_madvise(struct mem_space *m, gaddr_t addr, uint64_t len, int advice);
/* An ELF bss: private anonymous read-write (exec: and executable) pages over [start, start+len)
 * (page-aligned), made as Linux's vm_brk_flags makes them: they replace what was there and
 * extend only a compatible mapping ending at start, never one starting at the end. 0 or
 * -errno. Loader only. */
int64_t mem_map_bss(struct mem_space *m, gaddr_t start, uint64_t len, bool exec);
/* brk(2): returns the new (or unchanged) break. */
gaddr_t mem_brk(struct mem_space *m, gaddr_t newbrk);
/* mlockall(MCL_FUTURE): later guest mappings (mmap, brk, mremap growth) are locked on the host
 * (how: MEM_LOCK_FUTURE, MEM_LOCK_ONFAULT for MCL_ONFAULT; 0 stops it). A new mapping is EAGAIN
 * when the locked total would pass RLIMIT_MEMLOCK without CAP_IPC_LOCK, as on Linux. Not
 * inherited by a fork child (its caller resets it). Any thread. */
enum { MEM_LOCK_FUTURE = 1, MEM_LOCK_ONFAULT = 2 };
void mem_set_lock_future(struct mem_space *m, int how);
/* True if the calling process has capability cap (CAP_IPC_LOCK is 14) in its effective set. Any
 * thread. */
bool mem_has_cap(int cap);
/* The guest's RLIMIT_AS and RLIMIT_DATA soft limits in bytes (UINT64_MAX: none), enforced as
 * Linux's may_expand_vm does on the guest's own mappings only: mmap, brk and mremap growth fail
 * with ENOMEM when the guest's total mapped size, or its data size (private writable mappings
 * other than the stack), would pass them. Any thread. */
void mem_set_limits(struct mem_space *m, uint64_t as, uint64_t data);
/* Set the initial break (end of the main executable's bss), page-aligned up by the callee. */
void mem_set_brk_start(struct mem_space *m, gaddr_t start);
/* Map the initial stack: size bytes (page-aligned up) of private read-write memory ending at
 * GUEST_SPACE, shown as [stack] in the maps; mmap_base moves below it by Linux's gap rule
 * (max(size + 1 MiB guard, 128 MiB)). Returns the stack's end, or 0 if it cannot be mapped.
 * Loader only, before any vCPU. */
gaddr_t mem_map_stack(struct mem_space *m, uint64_t size);

/*
 * Mark the guest page range [a, a+len) as holding translated code: write-protect it on the host
 * so the next guest store faults and mem_handle_code_write() invalidates its blocks. Called by
 * exec/ when it translates a block.
 */
void mem_protect_code(struct mem_space *m, gaddr_t a, size_t len);

/*
 * Host fault inside the guest reservation at guest address a, caused by a write. If the page is
 * guest-writable but was write-protected because it held code, invalidate the blocks on it,
 * unprotect it, and return true (the faulting store is simply retried). Otherwise false.
 * Called from the host SIGSEGV handler: async-signal context, takes only spin/trylock-free paths.
 */
bool mem_handle_code_write(struct mem_space *m, gaddr_t a);

/* The host changed what guest pages [start, end) hold behind guest stores (remap_file_pages):
 * drop the translations made from them. Any thread, no mem/ lock held. */
void mem_contents_changed(struct mem_space *m, gaddr_t start, gaddr_t end);
/* Show the guest mapping [start, start+len) (exactly one mapping) in the maps as the host shows
 * its own mapping at g2h(start): name, device, inode, offset (a SysV shm attach: "/SYSV<key>
 * (deleted)"). 0, or -errno (-ENOENT: no such mapping). Any thread. */
int mem_show_host_identity(struct mem_space *m, gaddr_t start, uint64_t len);
/* Write the guest's /proc/self/maps text into a malloc'd buffer (sets *len). */
char *mem_format_maps(struct mem_space *m, size_t *len);

/* Host pointer <-> guest address (no checks). */
static inline void *g2h(const struct mem_space *m, gaddr_t a) { return m->base + a; }
static inline gaddr_t h2g(const struct mem_space *m, const void *h)
{
    return (gaddr_t)((const uint8_t *)h - m->base);
}

#endif
