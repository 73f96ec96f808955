/*
 * space.c — the guest address space reservation, the page-flag table, guest buffer access for
 * syscalls, and write-tracking of pages that hold translated code.
 *
 * mem_init reserves [0, GUEST_SPACE) once at a host address the kernel picks; from then on every
 * host page of that range stays mapped (PROT_NONE when the guest has nothing there), so no other
 * host mmap can ever land inside the guest space and guest->host is a single add.
 *
 * Code tracking: when exec/ translates a block it calls mem_protect_code, which sets PAGE_CODE
 * and removes host write permission from guest-writable pages. A guest store there faults on the
 * host; the SIGSEGV handler calls mem_handle_code_write, which clears PAGE_CODE, gives the write
 * permission back and drops the page's translations; the store is then retried. mem_lock for
 * writing does the same before a syscall writes into guest memory. exec/ should call
 * mem_protect_code before it reads the instruction bytes of a block, so that a store racing with
 * the translation either lands before the bytes are read or faults and invalidates the block.
 *
 * Guarded accesses: mem_guarded arms the calling thread's struct mem_recover (found through
 * m->thread_recover, which linux/ sets) around plume's own reads and writes of guest memory. A
 * host fault during them (a file page beyond end of file, or a buffer another guest thread
 * unmaps while a syscall is still copying) makes the host fault handler siglongjmp back, and
 * the access returns -EFAULT, as Linux does. Host syscalls given a host pointer into guest
 * memory need no guard: the host kernel returns EFAULT itself.
 *
 * Threading: page flags are read without locks. Flag writes and the host protection changes
 * that go with them happen under the flag spinlock (async-signal-safe: the SIGSEGV path uses
 * it). Mapping-list changes take the mutex (mmap.c). mem_lock checks permissions and returns.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mem_priv.h"

void mem_flag_lock(struct mem_private *p)
{
    while (__atomic_exchange_n(&p->flag_lock, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&p->flag_lock, __ATOMIC_RELAXED))
            sched_yield();
    }
}

void mem_flag_unlock(struct mem_private *p)
{
    __atomic_store_n(&p->flag_lock, 0, __ATOMIC_RELEASE);
}

struct mem_space *mem_init(void)
{
    struct mem_space *m = xcalloc(1, sizeof(*m));
    struct mem_private *p = xcalloc(1, sizeof(*p));
    void *base, *pages;

    base = mmap(NULL, GUEST_SPACE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        die("cannot reserve the %llu GiB guest address space: %s", GUEST_SPACE >> 30,
            strerror(errno));
    pages = mmap(NULL, GUEST_SPACE / GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (pages == MAP_FAILED)
        die("cannot allocate the guest page table: %s", strerror(errno));
    pthread_mutex_init(&p->lock, NULL);
    p->pages = pages;
    p->mmap_base = GUEST_SPACE - MEM_MIN_STACK_GAP;
    p->limit_as = p->limit_data = UINT64_MAX;
    m->base = base;
    m->priv = p;
    return m;
}

unsigned mem_page_flags(struct mem_space *m, gaddr_t a)
{
    if (a >= GUEST_SPACE)
        return 0;
    return __atomic_load_n(&m->priv->pages[a / GUEST_PAGE_SIZE], __ATOMIC_RELAXED);
}

unsigned mem_prot_to_flags(int prot)
{
    unsigned pf = PAGE_VALID;

    if (prot & TARGET_PROT_READ)
        pf |= PAGE_READ;
    if (prot & TARGET_PROT_WRITE)
        pf |= PAGE_WRITE;
    if (prot & TARGET_PROT_EXEC)
        pf |= PAGE_EXEC;
    return pf;
}

/* Page flags are read locklessly by other threads, so each byte is stored atomically; bytes that
 * already hold pf are left alone so that huge unmapped ranges never commit table pages. */
void mem_set_flags_locked(struct mem_private *p, gaddr_t start, gaddr_t end, unsigned pf)
{
    for (gaddr_t a = start; a < end; a += GUEST_PAGE_SIZE) {
        uint8_t *f = &p->pages[a / GUEST_PAGE_SIZE];
        if (__atomic_load_n(f, __ATOMIC_RELAXED) != (uint8_t)pf)
            __atomic_store_n(f, (uint8_t)pf, __ATOMIC_RELAXED);
    }
}

bool mem_range_has_code(struct mem_private *p, gaddr_t start, gaddr_t end)
{
    for (gaddr_t a = start; a < end; a += GUEST_PAGE_SIZE)
        if (__atomic_load_n(&p->pages[a / GUEST_PAGE_SIZE], __ATOMIC_RELAXED) & PAGE_CODE)
            return true;
    return false;
}

void mem_invalidate(struct mem_space *m, gaddr_t start, gaddr_t end)
{
    if (m->invalidate_code)
        m->invalidate_code(m->invalidate_opaque, start, end);
}

void mem_contents_changed(struct mem_space *m, gaddr_t start, gaddr_t end)
{
    mem_invalidate(m, start, end);
}

int mem_host_reserve(struct mem_space *m, gaddr_t start, gaddr_t end)
{
    if (end <= start)
        return 0;
    if (mmap(g2h(m, start), end - start, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
        return -errno;
    return 0;
}

bool mem_range_ok(struct mem_space *m, gaddr_t a, size_t len, unsigned prot)
{
    struct mem_private *p = m->priv;
    unsigned need = PAGE_VALID | (prot & (PAGE_READ | PAGE_WRITE | PAGE_EXEC));
    gaddr_t pg, last;

    if (len == 0)
        return true;
    if (a >= GUEST_SPACE || len > GUEST_SPACE - a)
        return false;
    last = (a + len - 1) & GUEST_PAGE_MASK;
    for (pg = a & GUEST_PAGE_MASK; pg <= last; pg += GUEST_PAGE_SIZE) {
        unsigned f = __atomic_load_n(&p->pages[pg / GUEST_PAGE_SIZE], __ATOMIC_RELAXED);
        if ((f & need) != need)
            return false;
    }
    return true;
}

/*
 * Give host write permission back to the guest-writable code page pg and clear its PAGE_CODE.
 * Returns true if the page was (or had just been) made writable, false if the guest may not
 * write it. Async-signal-safe.
 */
static bool mem_unprotect_code_page(struct mem_private *p, uint8_t *host_page, gaddr_t pg)
{
    uint8_t *slot = &p->pages[pg / GUEST_PAGE_SIZE];
    bool ok = false;
    unsigned f;

    mem_flag_lock(p);
    f = *slot;
    if ((f & (PAGE_VALID | PAGE_WRITE)) == (PAGE_VALID | PAGE_WRITE)) {
        ok = true;
        if (f & PAGE_CODE) {
            f &= ~(unsigned)PAGE_CODE;
            ok = mprotect(host_page, GUEST_PAGE_SIZE, mem_host_prot_of(f)) == 0;
            if (ok)
                __atomic_store_n(slot, (uint8_t)f, __ATOMIC_RELAXED);
        }
    }
    mem_flag_unlock(p);
    return ok;
}

bool mem_handle_code_write(struct mem_space *m, gaddr_t a)
{
    struct mem_private *p = m->priv;
    gaddr_t pg = a & GUEST_PAGE_MASK;
    unsigned f;

    if (a >= GUEST_SPACE)
        return false;
    f = __atomic_load_n(&p->pages[pg / GUEST_PAGE_SIZE], __ATOMIC_RELAXED);
    if (!(f & PAGE_WRITE))
        return false;
    if (!mem_unprotect_code_page(p, g2h(m, pg), pg))
        return false;
    if (f & PAGE_CODE)
        mem_invalidate(m, pg, pg + GUEST_PAGE_SIZE);
    return true;
}

void mem_protect_code(struct mem_space *m, gaddr_t a, size_t len)
{
    struct mem_private *p = m->priv;
    gaddr_t pg, end, run = 0;
    bool in_run = false;

    if (len == 0 || a >= GUEST_SPACE)
        return;
    end = len > GUEST_SPACE - a ? GUEST_SPACE : (a + len + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    mem_flag_lock(p);
    /* Pages needing a host write-protect are handled in runs, one mprotect per run. */
    for (pg = a & GUEST_PAGE_MASK; pg <= end; pg += GUEST_PAGE_SIZE) {
        uint8_t *slot = pg < end ? &p->pages[pg / GUEST_PAGE_SIZE] : NULL;
        unsigned f = slot ? *slot : 0;
        bool want = slot && (f & PAGE_VALID) && !(f & PAGE_CODE);

        if (want)
            __atomic_store_n(slot, (uint8_t)(f | PAGE_CODE), __ATOMIC_RELAXED);
        want = want && (f & PAGE_WRITE);
        if (want && !in_run) {
            run = pg;
            in_run = true;
        } else if (!want && in_run) {
            mprotect(g2h(m, run), pg - run, PROT_READ);
            in_run = false;
        }
    }
    mem_flag_unlock(p);
}

void *mem_lock(struct mem_space *m, gaddr_t a, size_t len, unsigned prot)
{
    struct mem_private *p = m->priv;
    gaddr_t pg, last;

    if (len == 0)
        return g2h(m, a <= GUEST_SPACE ? a : 0);
    if (!mem_range_ok(m, a, len, prot))
        return NULL;
    if (prot & PAGE_WRITE) {
        last = (a + len - 1) & GUEST_PAGE_MASK;
        for (pg = a & GUEST_PAGE_MASK; pg <= last; pg += GUEST_PAGE_SIZE) {
            unsigned f = __atomic_load_n(&p->pages[pg / GUEST_PAGE_SIZE], __ATOMIC_RELAXED);
            if (!(f & PAGE_CODE))
                continue;
            if (!mem_unprotect_code_page(p, g2h(m, pg), pg))
                return NULL;
            mem_invalidate(m, pg, pg + GUEST_PAGE_SIZE);
        }
    }
    return g2h(m, a);
}

int mem_guarded(struct mem_space *m, void (*fn)(void *arg), void *arg)
{
    struct mem_recover *r = m->thread_recover ? m->thread_recover() : NULL;

    /* Without a recovery point, or inside an outer guarded access (whose point stays valid),
     * run directly. */
    if (!r || r->armed) {
        fn(arg);
        return 0;
    }
    if (sigsetjmp(r->jmp, 0)) {
        r->armed = 0;
        return -EFAULT;
    }
    r->armed = 1;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    fn(arg);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    r->armed = 0;
    return 0;
}

/* A memcpy or memchr for mem_guarded. */
struct mem_copy_args {
    void *dst;
    const void *src;
    size_t len;
    const void *found; /* memchr: the first NUL in src, or NULL */
};

static void mem_do_copy(void *arg)
{
    struct mem_copy_args *c = arg;

    memcpy(c->dst, c->src, c->len);
}

static void mem_do_find_nul(void *arg)
{
    struct mem_copy_args *c = arg;

    c->found = memchr(c->src, 0, c->len);
}

int mem_copy_from_guest(struct mem_space *m, void *dst, gaddr_t src, size_t len)
{
    struct mem_copy_args c = {.dst = dst, .len = len};

    c.src = mem_lock(m, src, len, PAGE_READ);
    if (!c.src)
        return -EFAULT;
    return mem_guarded(m, mem_do_copy, &c);
}

int mem_copy_to_guest(struct mem_space *m, gaddr_t dst, const void *src, size_t len)
{
    struct mem_copy_args c = {.src = src, .len = len};

    c.dst = mem_lock(m, dst, len, PAGE_WRITE);
    if (!c.dst)
        return -EFAULT;
    return mem_guarded(m, mem_do_copy, &c);
}

char *mem_strdup_from_guest(struct mem_space *m, gaddr_t src, size_t max, int *err)
{
    gaddr_t a = src;
    size_t n = 0;

    /* Scan page by page: a string may end just before an unmapped page. */
    while (n < max) {
        gaddr_t page_end = (a & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE;
        struct mem_copy_args c = {.len = page_end - a};

        if (c.len > max - n)
            c.len = max - n;
        c.src = mem_lock(m, a, 1, PAGE_READ);
        if (!c.src || mem_guarded(m, mem_do_find_nul, &c)) {
            *err = -EFAULT;
            return NULL;
        }
        if (c.found) {
            size_t total = n + (size_t)((const char *)c.found - (const char *)c.src);
            char *s = xmalloc(total + 1);
            if (mem_copy_from_guest(m, s, src, total + 1)) {
                free(s);
                *err = -EFAULT;
                return NULL;
            }
            return s;
        }
        n += c.len;
        a += c.len;
    }
    *err = -ENAMETOOLONG;
    return NULL;
}
