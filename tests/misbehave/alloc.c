/*
 * alloc.c — enormous and exhausting allocations: every one must fail cleanly (NULL / MAP_FAILED
 * with ENOMEM, an unchanged break), never kill the process.
 *
 * Usage: alloc [exhaust]
 *   default   fixed requests that no riscv64 Linux process can satisfy (its user space is 2^38
 *             bytes under Sv39): malloc/calloc/realloc, mmap with and without MAP_NORESERVE,
 *             a MAP_FIXED range ending beyond the space, mremap growth, brk/sbrk; then a 64 GiB
 *             MAP_NORESERVE mapping that must succeed and be usable at both ends. One line each.
 *   exhaust   malloc(1 GiB) until NULL (address-space exhaustion), touching one page of each,
 *             then free everything and check a normal allocation still works.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TIB (1ull << 40)
#define GIB (1ull << 30)

static int failures;

static void check(const char *what, int ok, const char *detail)
{
    printf("%s: %s%s%s\n", what, ok ? "ok" : "FAILED", detail ? " " : "", detail ? detail : "");
    failures += !ok;
}

static const char *errname(int e)
{
    return e == ENOMEM ? "ENOMEM" : e == EINVAL ? "EINVAL" : e == 0 ? "no error" : strerror(e);
}

static void check_map_fails(const char *what, void *addr, uint64_t len, int prot, int flags)
{
    errno = 0;
    void *p = mmap(addr, len, prot, flags, -1, 0);
    int e = errno;
    check(what, p == MAP_FAILED && e == ENOMEM, p == MAP_FAILED ? errname(e) : "mapped");
    if (p != MAP_FAILED)
        munmap(p, len);
}

static void fixed_requests(void)
{
    const int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;

    errno = 0;
    void *p = malloc(TIB);
    check("malloc(1 TiB)", p == NULL && errno == ENOMEM, p ? "non-NULL" : errname(errno));
    free(p);
    errno = 0;
    volatile size_t huge = SIZE_MAX - 4096;
    p = malloc(huge);
    check("malloc(SIZE_MAX - 4096)", p == NULL && errno == ENOMEM, p ? "non-NULL" : errname(errno));
    free(p);
    errno = 0;
    p = calloc(1ull << 33, 1ull << 33);
    check("calloc(2^33, 2^33) overflow", p == NULL && errno == ENOMEM, p ? "non-NULL" : NULL);
    free(p);
    char *small = malloc(100);
    strcpy(small, "still usable");
    errno = 0;
    char *grown = realloc(small, TIB);
    check("realloc(100 bytes -> 1 TiB)", grown == NULL && errno == ENOMEM,
          grown ? "non-NULL" : NULL);
    if (!grown) {
        check("realloc failure keeps the block", strcmp(small, "still usable") == 0, NULL);
        free(small);
    }
    free(grown);

    check_map_fails("mmap(1 TiB)", NULL, TIB, rw, anon);
    check_map_fails("mmap(1 TiB, MAP_NORESERVE)", NULL, TIB, rw, anon | MAP_NORESERVE);
    check_map_fails("mmap(1 TiB, PROT_NONE)", NULL, TIB, PROT_NONE, anon | MAP_NORESERVE);
    check_map_fails("mmap(2^64 - 4096)", NULL, (uint64_t)-4096, rw, anon);
    check_map_fails("mmap(512 GiB, MAP_NORESERVE)", NULL, 512 * GIB, rw, anon | MAP_NORESERVE);

    /* A range that ends beyond the 2^38-byte user space. */
    check_map_fails("mmap(MAP_FIXED, ends past 2^38)", (void *)((1ull << 38) - 4096), 2 * 4096, rw,
                    anon | MAP_FIXED);

    /* A new length beyond the user space: Linux up to 6.16 fails with ENOMEM (no room found),
     * later kernels reject it with EINVAL up front; either is Linux. */
    errno = 0;
    char *q = mmap(NULL, 4096, rw, anon, -1, 0);
    void *r = mremap(q, 4096, TIB, MREMAP_MAYMOVE);
    check("mremap(4 KiB -> 1 TiB, MAYMOVE)",
          r == MAP_FAILED && (errno == ENOMEM || errno == EINVAL),
          r == MAP_FAILED ? "fails" : "grew");
    q[0] = 1;
    if (r != MAP_FAILED)
        q = r;
    errno = 0;
    r = mremap(q, 4096, TIB, 0);
    check("mremap(4 KiB -> 1 TiB, in place)",
          r == MAP_FAILED && (errno == ENOMEM || errno == EINVAL),
          r == MAP_FAILED ? "fails" : "grew");
    errno = 0;
    r = mremap(q, 4096, TIB, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(1ull << 30));
    check("mremap(4 KiB -> 1 TiB, FIXED) is EINVAL", r == MAP_FAILED && errno == EINVAL,
          r == MAP_FAILED ? errname(errno) : "grew");
    q[0] = 2;
    munmap(q, 4096);

    uintptr_t cur = syscall(SYS_brk, 0);
    uintptr_t got = syscall(SYS_brk, cur + TIB);
    check("brk(+1 TiB) leaves the break", got == cur, NULL);
    got = syscall(SYS_brk, (uintptr_t)-4096);
    check("brk(2^64 - 4096) leaves the break", got == cur, NULL);
    got = syscall(SYS_brk, 4096);
    check("brk(below the start) leaves the break", got == cur, NULL);
    errno = 0;
    void *s = sbrk((intptr_t)TIB);
    check("sbrk(+1 TiB)", s == (void *)-1 && errno == ENOMEM,
          s == (void *)-1 ? errname(errno) : "grew");
    got = syscall(SYS_brk, cur + 65536);
    check("brk(+64 KiB) still works", got == cur + 65536, NULL);
    memset((void *)cur, 0x5a, 65536);
    syscall(SYS_brk, cur);

    char *big = mmap(NULL, 64 * GIB, rw, anon | MAP_NORESERVE, -1, 0);
    if (big == MAP_FAILED) {
        check("mmap(64 GiB, MAP_NORESERVE)", 0, errname(errno));
    } else {
        big[0] = 1;
        big[64 * GIB - 1] = 2;
        check("mmap(64 GiB, MAP_NORESERVE) usable at both ends",
              big[0] == 1 && big[64 * GIB - 1] == 2, NULL);
        check("munmap(64 GiB)", munmap(big, 64 * GIB) == 0, NULL);
    }
}

static void exhaust(void)
{
    static void *blocks[1 << 16];
    size_t n = 0;

    while (n < sizeof blocks / sizeof blocks[0]) {
        char *p = malloc(GIB);
        if (!p)
            break;
        p[0] = (char)n; /* one page of each really exists */
        blocks[n++] = p;
    }
    int e = errno;
    printf("exhaust: %zu GiB allocated before NULL (%s)\n", n, errname(e));
    for (size_t i = 0; i < n; i++)
        free(blocks[i]);
    char *p = malloc(1 << 20);
    check("exhaust: malloc(1 MiB) after freeing", p != NULL, NULL);
    if (p)
        memset(p, 1, 1 << 20);
    free(p);
    if (n == 0 || n == sizeof blocks / sizeof blocks[0] || e != ENOMEM)
        failures++;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "exhaust") == 0)
        exhaust();
    else
        fixed_requests();
    return failures ? 1 : 0;
}
