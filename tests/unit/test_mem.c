/* link: src/mem/space.c src/mem/vma.c src/mem/mmap.c src/mem/maps.c src/util/common.c */
/*
 * test_mem.c — unit tests of the guest address space: mmap/munmap/mprotect/mremap/madvise/brk
 * semantics, free-space placement, ENOMEM for requests larger than the guest space, the
 * /proc/self/maps text, and code-page write tracking through a real host SIGSEGV.
 *
 * Single-threaded. Prints one line per failed check; exit status 0 iff all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/mem/mem.h"
#include "testlib.h"

static struct mem_space *g_mem;
static volatile gaddr_t inval_start, inval_end;
static volatile int inval_calls;

#define PG 4096ull
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* prefix followed by the six template characters mkstemp/mkdtemp replace. */
static char *tmp_template(char *buf, size_t n, const char *prefix)
{
    snprintf(buf, n, "%s%c%c%c%c%c%c", prefix, 'X', 'X', 'X', 'X', 'X', 'X');
    return buf;
}

static void on_invalidate(void *opaque, gaddr_t start, gaddr_t end)
{
    CHECK(opaque == (void *)&inval_calls);
    inval_start = start;
    inval_end = end;
    inval_calls++;
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    uint8_t *h = si->si_addr;

    if (g_mem && h >= g_mem->base && h < g_mem->base + GUEST_SPACE &&
        mem_handle_code_write(g_mem, h2g(g_mem, h)))
        return;
    signal(SIGSEGV, SIG_DFL);
}

/* True if the host address range is still mapped (reserved) on the host. */
static bool host_mapped(struct mem_space *m, gaddr_t a, size_t len)
{
    void *r = mmap(g2h(m, a), len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (r == MAP_FAILED)
        return errno == EEXIST;
    munmap(r, len);
    return false;
}

static char *maps(struct mem_space *m)
{
    size_t len;
    char *s = mem_format_maps(m, &len);
    CHECK_EQ(strlen(s), len);
    return s;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_basic_mmap(struct mem_space *m)
{
    gaddr_t top = GUEST_SPACE - (128ull << 20);
    int64_t a, b, c;

    CHECK(m->base != NULL);
    CHECK_EQ(mem_page_flags(m, 0x10000), 0);
    CHECK_EQ(mem_page_flags(m, GUEST_SPACE), 0);

    a = mem_mmap(m, 0, 100, RW, ANON, -1, 0);
    CHECK_EQ(a, top - PG);
    b = mem_mmap(m, 0, 3 * PG, PROT_READ, ANON, -1, 0);
    CHECK_EQ(b, top - 4 * PG);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK_EQ(mem_page_flags(m, b + PG), PAGE_VALID | PAGE_READ);
    CHECK(mem_range_ok(m, a, PG, PAGE_READ | PAGE_WRITE));
    CHECK(!mem_range_ok(m, b, PG, PAGE_WRITE));
    CHECK(!mem_range_ok(m, a, PG + 1, PAGE_READ));
    memset(g2h(m, a), 0x5a, PG);

    /* A free hint is honoured, an occupied one is not. */
    c = mem_mmap(m, 0x20000000, PG, RW, ANON, -1, 0);
    CHECK_EQ(c, 0x20000000);
    c = mem_mmap(m, 0x20000000, PG, RW, ANON, -1, 0);
    CHECK_EQ(c, top - 5 * PG);
    /* An unaligned hint is rounded up. */
    c = mem_mmap(m, 0x30000001, PG, RW, ANON, -1, 0);
    CHECK_EQ(c, 0x30001000);

    /* MAP_FIXED replaces; MAP_FIXED_NOREPLACE refuses. */
    c = mem_mmap(m, a, PG, RW, ANON | MAP_FIXED, -1, 0);
    CHECK_EQ(c, a);
    CHECK_EQ(*(uint8_t *)g2h(m, a), 0);
    c = mem_mmap(m, a, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK_EQ(c, -EEXIST);
    c = mem_mmap(m, 0x40000000, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK_EQ(c, 0x40000000);

    /* Argument errors, in Linux's order. */
    CHECK_EQ(mem_mmap(m, 0, 0, RW, ANON, -1, 0), -EINVAL);
    CHECK_EQ(mem_mmap(m, 0, PG, RW, MAP_PRIVATE, -1, 0), -EBADF);
    CHECK_EQ(mem_mmap(m, 0, PG, RW, MAP_PRIVATE, 9999, 0), -EBADF);
    CHECK_EQ(mem_mmap(m, 0, PG, RW, MAP_PRIVATE, -1, 123), -EINVAL);
    CHECK_EQ(mem_mmap(m, 0, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL);
    CHECK_EQ(mem_mmap(m, 0x50000001, PG, RW, ANON | MAP_FIXED, -1, 0), -EINVAL);
    CHECK_EQ(mem_mmap(m, 0, PG, RW, ANON | MAP_FIXED, -1, 0), -EPERM);
    CHECK_EQ(mem_mmap(m, GUEST_SPACE - PG, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
    CHECK_EQ(mem_mmap(m, 0, 1ull << 40, RW, ANON, -1, 0), -ENOMEM);
    CHECK_EQ(mem_mmap(m, 0, ~0ull, RW, ANON, -1, 0), -ENOMEM);
    CHECK_EQ(mem_mmap(m, 0, GUEST_SPACE - PG, RW, ANON | MAP_NORESERVE, -1, 0), -ENOMEM);
    /* Flags Linux accepts. */
    c = mem_mmap(m, 0, PG, RW, ANON | MAP_GROWSDOWN | MAP_STACK | MAP_NORESERVE, -1, 0);
    CHECK(c > 0);
    c = mem_mmap(m, 0, 2 * PG, RW, ANON | MAP_POPULATE, -1, 0);
    CHECK(c > 0);
    c = mem_mmap(m, 0, PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(c > 0);
    *(int *)g2h(m, c) = 42;
    CHECK_EQ(*(int *)g2h(m, c), 42);
}

static void test_file_mmap(struct mem_space *m)
{
    char path[64];
    int fd = mkstemp(tmp_template(path, sizeof(path), "/tmp/plume_test_mem"));
    char buf[3 * PG];
    int64_t a, s;
    char *txt;

    CHECK(fd >= 0);
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)(i / PG + 'A');
    CHECK_EQ(write(fd, buf, sizeof(buf) - 100), (long)sizeof(buf) - 100);

    a = mem_mmap(m, 0, 2 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK(a > 0);
    CHECK_EQ(*(char *)g2h(m, a), 'B');
    CHECK_EQ(*(char *)g2h(m, a + PG), 'C');
    CHECK_EQ(*(char *)g2h(m, a + 2 * PG - 1), 0); /* past EOF within the last page: zero */
    txt = maps(m);
    {
        char want[128];
        snprintf(want, sizeof(want), "%08llx-%08llx r--p 00001000 ", (unsigned long long)a,
                 (unsigned long long)(a + 2 * PG));
        CHECK(strstr(txt, want) != NULL);
        CHECK(strstr(txt, path) != NULL);
    }
    free(txt);

    /* Private writes stay private; shared writes reach the file. */
    CHECK_EQ(mem_mprotect(m, a, PG, RW), 0);
    *(char *)g2h(m, a) = 'x';
    CHECK_EQ(pread(fd, buf, 1, PG), 1);
    CHECK_EQ(buf[0], 'B');
    s = mem_mmap(m, 0, PG, RW, MAP_SHARED, fd, 0);
    CHECK(s > 0);
    *(char *)g2h(m, s) = 'y';
    CHECK_EQ(pread(fd, buf, 1, 0), 1);
    CHECK_EQ(buf[0], 'y');
    CHECK_EQ(mem_munmap(m, s, PG), 0);
    CHECK_EQ(mem_munmap(m, a, 2 * PG), 0);

    /* A shared writable mapping of a read-only fd is refused by the host, as by Linux. */
    {
        int ro = open(path, O_RDONLY);
        CHECK_EQ(mem_mmap(m, 0, PG, RW, MAP_SHARED, ro, 0), -EACCES);
        s = mem_mmap(m, 0, PG, PROT_READ, MAP_SHARED, ro, 0);
        CHECK(s > 0);
        CHECK_EQ(mem_mprotect(m, s, PG, RW), -EACCES);
        CHECK_EQ(mem_munmap(m, s, PG), 0);
        close(ro);
    }
    close(fd);
    unlink(path);
}

static void test_munmap_mprotect(struct mem_space *m)
{
    gaddr_t a = 0x60000000;
    char *txt;

    CHECK_EQ(mem_mmap(m, a, 4 * PG, RW, ANON | MAP_FIXED, -1, 0), (int64_t)a);
    memset(g2h(m, a), 1, 4 * PG);
    /* Punch a hole: the pages become unmapped for the guest, still reserved on the host. */
    CHECK_EQ(mem_munmap(m, a + PG, PG), 0);
    CHECK_EQ(mem_page_flags(m, a + PG), 0);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK(host_mapped(m, a + PG, PG));
    CHECK_EQ(*(uint8_t *)g2h(m, a + 2 * PG), 1);
    CHECK_EQ(mem_munmap(m, a + 1, PG), -EINVAL);
    CHECK_EQ(mem_munmap(m, a, 0), -EINVAL);
    CHECK_EQ(mem_munmap(m, GUEST_SPACE - PG, 2 * PG), -EINVAL);
    CHECK_EQ(mem_munmap(m, 0x7000000, PG), 0); /* nothing there: fine */

    /* mprotect: unmapped parts give ENOMEM and change nothing. */
    CHECK_EQ(mem_mprotect(m, a, 3 * PG, PROT_READ), -ENOMEM);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK_EQ(mem_mprotect(m, a + 1, PG, PROT_READ), -EINVAL);
    CHECK_EQ(mem_mprotect(m, a, PG, 0x40), -EINVAL);
    CHECK_EQ(mem_mprotect(m, a, 0, PROT_READ), 0);
    CHECK_EQ(mem_mprotect(m, a + 2 * PG, 100, PROT_READ), 0);
    CHECK_EQ(mem_page_flags(m, a + 2 * PG), PAGE_VALID | PAGE_READ);
    CHECK_EQ(mem_page_flags(m, a + 3 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK_EQ(mem_mprotect(m, a, PG, PROT_EXEC), 0);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_EXEC);
    CHECK(!mem_range_ok(m, a, 1, PAGE_READ));
    CHECK(mem_range_ok(m, a, 1, PAGE_EXEC));
    CHECK_EQ(*(uint8_t *)g2h(m, a), 1); /* exec-only stays host-readable */
    CHECK_EQ(mem_mprotect(m, a, PG, PROT_NONE), 0);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID);
    CHECK(mem_range_ok(m, a, 1, 0));

    txt = maps(m);
    {
        char l1[128], l2[128], l3[128];
        snprintf(l1, sizeof(l1), "%08llx-%08llx ---p 00000000 00:00 0 \n",
                 (unsigned long long)a, (unsigned long long)(a + PG));
        snprintf(l2, sizeof(l2), "%08llx-%08llx r--p 00000000 00:00 0 \n",
                 (unsigned long long)(a + 2 * PG), (unsigned long long)(a + 3 * PG));
        snprintf(l3, sizeof(l3), "%08llx-%08llx rw-p 00000000 00:00 0 \n",
                 (unsigned long long)(a + 3 * PG), (unsigned long long)(a + 4 * PG));
        CHECK(strstr(txt, l1) != NULL);
        CHECK(strstr(txt, l2) != NULL);
        CHECK(strstr(txt, l3) != NULL);
    }
    free(txt);

    /* Restoring the protection merges the pieces back into one line. */
    CHECK_EQ(mem_mprotect(m, a + 2 * PG, PG, RW), 0);
    txt = maps(m);
    {
        char l[128];
        snprintf(l, sizeof(l), "%08llx-%08llx rw-p 00000000 00:00 0 \n",
                 (unsigned long long)(a + 2 * PG), (unsigned long long)(a + 4 * PG));
        CHECK(strstr(txt, l) != NULL);
    }
    free(txt);
    CHECK_EQ(mem_munmap(m, a, 4 * PG), 0);
    CHECK(host_mapped(m, a, 4 * PG));
}

static void test_mremap(struct mem_space *m)
{
    gaddr_t a = 0x70000000;
    int64_t r;

    CHECK_EQ(mem_mmap(m, a, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), (int64_t)a);
    memset(g2h(m, a), 7, 2 * PG);
    /* Grow in place. */
    r = mem_mremap(m, a, 2 * PG, 4 * PG, 0, 0);
    CHECK_EQ(r, (int64_t)a);
    CHECK_EQ(*(uint8_t *)g2h(m, a + PG), 7);
    CHECK_EQ(*(uint8_t *)g2h(m, a + 3 * PG), 0);
    CHECK_EQ(mem_page_flags(m, a + 3 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    /* Blocked growth: ENOMEM without MAYMOVE, a move (data kept) with it. */
    CHECK_EQ(mem_mmap(m, a + 4 * PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0),
             (int64_t)(a + 4 * PG));
    CHECK_EQ(mem_mremap(m, a, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
    r = mem_mremap(m, a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
    CHECK(r > 0 && (gaddr_t)r != a);
    CHECK_EQ(*(uint8_t *)g2h(m, r + PG), 7);
    CHECK_EQ(*(uint8_t *)g2h(m, r + 7 * PG), 0);
    CHECK_EQ(mem_page_flags(m, a), 0);
    CHECK(host_mapped(m, a, 4 * PG));
    CHECK_EQ(mem_page_flags(m, r + 7 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    /* Shrink. */
    CHECK_EQ(mem_mremap(m, r, 8 * PG, 2 * PG, 0, 0), r);
    CHECK_EQ(mem_page_flags(m, r + 2 * PG), 0);
    /* MREMAP_FIXED replaces the target. */
    CHECK_EQ(mem_mremap(m, r, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, a + 4 * PG),
             (int64_t)(a + 4 * PG));
    CHECK_EQ(*(uint8_t *)g2h(m, a + 5 * PG), 7);
    CHECK_EQ(mem_page_flags(m, a + 5 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK_EQ(mem_page_flags(m, r), 0);
    /* Errors. */
    CHECK_EQ(mem_mremap(m, 0x7100000, PG, 2 * PG, MREMAP_MAYMOVE, 0), -EFAULT);
    CHECK_EQ(mem_mremap(m, a + 4 * PG, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0), -EFAULT);
    CHECK_EQ(mem_mremap(m, a + 4 * PG, PG, 0, 0, 0), -EINVAL);
    CHECK_EQ(mem_mremap(m, a + 4 * PG, PG, PG, MREMAP_FIXED, a), -EINVAL);
    CHECK_EQ(mem_mremap(m, a + 4 * PG, PG, PG, 0x100, 0), -EINVAL);
    CHECK_EQ(mem_mremap(m, a + 4 * PG, PG, 1ull << 40, MREMAP_MAYMOVE, 0), -EINVAL);
    /* DONTUNMAP keeps the (now empty) source mapping. */
    r = mem_mremap(m, a + 4 * PG, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    CHECK(r > 0);
    CHECK_EQ(*(uint8_t *)g2h(m, r + PG), 7);
    CHECK_EQ(*(uint8_t *)g2h(m, a + 5 * PG), 0);
    CHECK_EQ(mem_page_flags(m, a + 5 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    mem_munmap(m, r, 2 * PG);
    mem_munmap(m, a, 8 * PG);
}

static void test_mremap_file(struct mem_space *m)
{
    char path[64];
    int fd = mkstemp(tmp_template(path, sizeof(path), "/tmp/plume_test_mem"));
    char buf[4 * PG];
    int64_t a, r;

    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)(i / PG + '0');
    CHECK_EQ(write(fd, buf, sizeof(buf)), (long)sizeof(buf));
    a = mem_mmap(m, 0x71000000, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
    CHECK_EQ(a, 0x71000000);
    r = mem_mremap(m, a, PG, 3 * PG, 0, 0);
    CHECK_EQ(r, a);
    CHECK_EQ(*(char *)g2h(m, a + 2 * PG), '2');
    r = mem_mremap(m, a, 3 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x72000000);
    CHECK_EQ(r, 0x72000000);
    CHECK_EQ(*(char *)g2h(m, r + PG), '1');
    CHECK_EQ(mem_munmap(m, r, 3 * PG), 0);
    close(fd);
    unlink(path);
}

static void test_madvise(struct mem_space *m)
{
    gaddr_t a = 0x73000000;

    CHECK_EQ(mem_mmap(m, a, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), (int64_t)a);
    memset(g2h(m, a), 9, 2 * PG);
    CHECK_EQ(mem_madvise(m, a, 2 * PG, MADV_DONTNEED), 0);
    CHECK_EQ(*(uint8_t *)g2h(m, a), 0);
    CHECK_EQ(mem_madvise(m, a, PG, MADV_WILLNEED), 0);
    CHECK_EQ(mem_madvise(m, a, PG, MADV_DONTFORK), 0);
    CHECK_EQ(mem_madvise(m, a, PG, MADV_HUGEPAGE), 0);
    CHECK_EQ(mem_madvise(m, a, PG, 77), -EINVAL);
    CHECK_EQ(mem_madvise(m, a + 1, PG, MADV_NORMAL), -EINVAL);
    CHECK_EQ(mem_madvise(m, a, 3 * PG, MADV_NORMAL), -ENOMEM);
    mem_munmap(m, a, 2 * PG);
}

static void test_brk(struct mem_space *m)
{
    gaddr_t start = 0x80000123, base = 0x80001000, b;
    char *txt, want[160];

    mem_set_brk_start(m, start);
    CHECK_EQ(mem_brk(m, 0), base);
    CHECK_EQ(mem_brk(m, base - 10), base);
    b = mem_brk(m, base + 10);
    CHECK_EQ(b, base + 10);
    CHECK_EQ(mem_page_flags(m, base), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    *(uint8_t *)g2h(m, base + 5) = 3;
    CHECK_EQ(mem_brk(m, base + 3 * PG), base + 3 * PG);
    CHECK_EQ(*(uint8_t *)g2h(m, base + 5), 3);
    CHECK_EQ(mem_page_flags(m, base + 2 * PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    txt = maps(m);
    snprintf(want, sizeof(want), "%08llx-%08llx rw-p 00000000 00:00 0%*s[heap]\n",
             (unsigned long long)base, (unsigned long long)(base + 3 * PG), 73 - 39, "");
    CHECK(strstr(txt, want) != NULL);
    if (!strstr(txt, want))
        printf("maps:\n%s", txt);
    free(txt);
    /* Shrink unmaps whole pages above the new break. */
    CHECK_EQ(mem_brk(m, base + PG + 1), base + PG + 1);
    CHECK_EQ(mem_page_flags(m, base + 2 * PG), 0);
    CHECK_EQ(mem_page_flags(m, base + PG), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    /* Growing into another mapping fails and keeps the old break. */
    CHECK_EQ(mem_mmap(m, base + 4 * PG, PG, RW, ANON | MAP_FIXED, -1, 0), (int64_t)(base + 4 * PG));
    CHECK_EQ(mem_brk(m, base + 6 * PG), base + PG + 1);
    CHECK_EQ(mem_brk(m, base + 1000ull * 1024 * 1024 * 1024), base + PG + 1);
    /* Growing again zero-fills. */
    *(uint8_t *)g2h(m, base + PG + 8) = 1;
    CHECK_EQ(mem_brk(m, base + PG), base + PG);
    CHECK_EQ(mem_brk(m, base + PG + 100), base + PG + 100);
    CHECK_EQ(*(uint8_t *)g2h(m, base + PG + 8), 0);
}

static void test_stack_and_layout(void)
{
    struct mem_space *m = mem_init();
    gaddr_t top = mem_map_stack(m, 8 << 20);
    char *txt, want[200];
    int64_t a;

    CHECK_EQ(top, GUEST_SPACE);
    CHECK_EQ(mem_page_flags(m, GUEST_SPACE - 8), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    a = mem_mmap(m, 0, PG, PROT_READ, ANON, -1, 0);
    CHECK_EQ(a, GUEST_SPACE - (128ull << 20) - PG);
    txt = maps(m);
    snprintf(want, sizeof(want), "3fff800000-4000000000 rw-p 00000000 00:00 0%*s[stack]\n",
             73 - 43, "");
    CHECK(strstr(txt, want) != NULL);
    CHECK_EQ(count_lines(txt), 2);
    if (!strstr(txt, want))
        printf("maps:\n%s", txt);
    free(txt);

    /* A huge stack pushes mmap_base down: stack size + 1 MiB guard gap. */
    m = mem_init();
    CHECK_EQ(mem_map_stack(m, 1ull << 30), GUEST_SPACE);
    a = mem_mmap(m, 0, PG, PROT_READ, ANON, -1, 0);
    CHECK_EQ(a, GUEST_SPACE - (1ull << 30) - (1ull << 20) - PG);
    CHECK_EQ(mem_map_stack(mem_init(), 1ull << 40), 0);

    /* When the area below mmap_base is full, placement goes above it. */
    m = mem_init();
    CHECK_EQ(mem_mmap(m, 0x1000, GUEST_SPACE - (128ull << 20) - 0x1000, PROT_NONE,
                      ANON | MAP_FIXED | MAP_NORESERVE, -1, 0),
             0x1000);
    a = mem_mmap(m, 0, PG, PROT_READ, ANON, -1, 0);
    CHECK_EQ(a, GUEST_SPACE - (128ull << 20));
    CHECK_EQ(mem_mmap(m, 0, 256ull << 20, PROT_READ, ANON, -1, 0), -ENOMEM);
}

static void test_guest_access(struct mem_space *m)
{
    gaddr_t a = 0x90000000;
    char s[16];
    int err = 0;
    char *d;

    CHECK_EQ(mem_mmap(m, a, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), (int64_t)a);
    CHECK_EQ(mem_copy_to_guest(m, a + PG - 3, "hello", 6), 0);
    CHECK_EQ(mem_copy_from_guest(m, s, a + PG - 3, 6), 0);
    CHECK(!strcmp(s, "hello"));
    d = mem_strdup_from_guest(m, a + PG - 3, 4096, &err);
    CHECK(d && !strcmp(d, "hello"));
    free(d);
    CHECK_EQ(mem_copy_from_guest(m, s, a + 2 * PG - 3, 6), -EFAULT);
    CHECK_EQ(mem_copy_to_guest(m, GUEST_SPACE - 2, "ab", 2), -EFAULT);
    CHECK_EQ(mem_copy_to_guest(m, ~0ull - 1, "ab", 2), -EFAULT);
    CHECK(mem_lock(m, a, 0, PAGE_WRITE) != NULL);
    /* A string running into an unmapped page faults; one longer than max is too long. */
    memset(g2h(m, a + PG), 'x', PG);
    d = mem_strdup_from_guest(m, a + PG + 10, 1 << 20, &err);
    CHECK(d == NULL);
    CHECK_EQ(err, -EFAULT);
    d = mem_strdup_from_guest(m, a + PG, 100, &err);
    CHECK(d == NULL);
    CHECK_EQ(err, -ENAMETOOLONG);
    CHECK_EQ(mem_mprotect(m, a, PG, PROT_READ), 0);
    CHECK_EQ(mem_copy_to_guest(m, a, "x", 1), -EFAULT);
    CHECK(mem_lock(m, a, PG, PAGE_READ) == g2h(m, a));
    mem_munmap(m, a, 2 * PG);
}

static void test_code_pages(struct mem_space *m)
{
    struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO};
    gaddr_t a = 0xa0000000;
    volatile uint8_t *h;

    m->invalidate_code = on_invalidate;
    m->invalidate_opaque = (void *)&inval_calls;
    g_mem = m;
    sigaction(SIGSEGV, &sa, NULL);
    CHECK_EQ(mem_mmap(m, a, 3 * PG, RW | PROT_EXEC, ANON | MAP_FIXED, -1, 0), (int64_t)a);
    h = g2h(m, a);
    h[0] = 1;

    /* A store to a protected code page faults, invalidates the page, then succeeds. */
    mem_protect_code(m, a + 10, 20);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC | PAGE_CODE);
    CHECK_EQ(mem_page_flags(m, a + PG), PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    inval_calls = 0;
    h[100] = 2;
    CHECK_EQ(h[100], 2);
    CHECK_EQ(inval_calls, 1);
    CHECK_EQ(inval_start, a);
    CHECK_EQ(inval_end, a + PG);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    h[101] = 3;
    CHECK_EQ(inval_calls, 1);

    /* A block straddling two pages protects both; a syscall write unprotects one. */
    mem_protect_code(m, a + PG - 2, 4);
    CHECK(mem_page_flags(m, a) & PAGE_CODE);
    CHECK(mem_page_flags(m, a + PG) & PAGE_CODE);
    inval_calls = 0;
    CHECK_EQ(mem_copy_to_guest(m, a + PG + 8, "z", 1), 0);
    CHECK_EQ(inval_calls, 1);
    CHECK_EQ(inval_start, a + PG);
    CHECK(!(mem_page_flags(m, a + PG) & PAGE_CODE));
    CHECK(mem_page_flags(m, a) & PAGE_CODE);
    /* mprotect and munmap of code pages drop their translations. */
    inval_calls = 0;
    CHECK_EQ(mem_mprotect(m, a, PG, PROT_READ | PROT_EXEC), 0);
    CHECK_EQ(inval_calls, 1);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_EXEC);
    mem_protect_code(m, a, 1);
    CHECK_EQ(mem_page_flags(m, a), PAGE_VALID | PAGE_READ | PAGE_EXEC | PAGE_CODE);
    CHECK(!mem_handle_code_write(m, a));
    inval_calls = 0;
    CHECK_EQ(mem_munmap(m, a, PG), 0);
    CHECK_EQ(inval_calls, 1);
    CHECK_EQ(mem_page_flags(m, a), 0);
    /* Exec-only code page: host-readable, PAGE_CODE set, no write allowed. */
    CHECK_EQ(mem_mprotect(m, a + 2 * PG, PG, PROT_EXEC), 0);
    mem_protect_code(m, a + 2 * PG, 4);
    CHECK_EQ(mem_page_flags(m, a + 2 * PG), PAGE_VALID | PAGE_EXEC | PAGE_CODE);
    CHECK_EQ(h[2 * PG], 0);
    CHECK(!mem_handle_code_write(m, a + 2 * PG));
    CHECK(mem_lock(m, a + 2 * PG, 1, PAGE_WRITE) == NULL);
    /* Unmapped pages are never marked. */
    mem_protect_code(m, 0xb0000000, 4);
    CHECK_EQ(mem_page_flags(m, 0xb0000000), 0);
    mem_munmap(m, a, 3 * PG);
    signal(SIGSEGV, SIG_DFL);
    g_mem = NULL;
}

struct stress_arg {
    struct mem_space *m;
    int id;
    int errors;
};

/* One of several threads mapping, filling, protecting and unmapping concurrently. */
static void *stress_thread(void *opaque)
{
    struct stress_arg *a = opaque;

    for (int i = 0; i < 2000; i++) {
        uint64_t len = (uint64_t)(1 + (i + a->id) % 5) * PG;
        int64_t g = mem_mmap(a->m, 0, len, RW, ANON, -1, 0);
        uint8_t *h;
        if (g <= 0) {
            a->errors++;
            continue;
        }
        h = g2h(a->m, g);
        memset(h, a->id, len);
        mem_protect_code(a->m, g, 4);
        if (mem_mprotect(a->m, g, PG, PROT_READ) != 0)
            a->errors++;
        for (uint64_t k = 0; k < len; k += 512)
            if (h[k] != a->id)
                a->errors++;
        if (i % 3 == 0 && mem_mremap(a->m, g, len, len + PG, MREMAP_MAYMOVE, 0) > 0)
            len = 0;
        if (len && mem_munmap(a->m, g, len) != 0)
            a->errors++;
        mem_brk(a->m, 0);
    }
    return NULL;
}

static void count_invalidate(void *opaque, gaddr_t start, gaddr_t end)
{
    __atomic_fetch_add((int *)opaque, 1, __ATOMIC_RELAXED);
}

static void test_threads(void)
{
    struct mem_space *m = mem_init();
    struct stress_arg args[4];
    pthread_t t[4];
    int calls = 0;

    m->invalidate_code = count_invalidate;
    m->invalidate_opaque = &calls;
    for (int i = 0; i < 4; i++) {
        args[i] = (struct stress_arg){m, i + 1, 0};
        pthread_create(&t[i], NULL, stress_thread, &args[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK_EQ(args[i].errors, 0);
    }
    CHECK(calls >= 4 * 2000);
}

int main(void)
{
    struct mem_space *m = mem_init();

    test_basic_mmap(m);
    test_file_mmap(m);
    test_munmap_mprotect(m);
    test_mremap(m);
    test_mremap_file(m);
    test_madvise(m);
    test_brk(m);
    test_guest_access(m);
    test_code_pages(m);
    test_stack_and_layout();
    test_threads();
    return test_summary();
}
