/*
 * limits.c — memory limits as Linux applies them to a process, checked by the program itself
 * (qemu-riscv64 forwards mlockall to the host, where MCL_FUTURE would lock its own memory, and
 * ignores RLIMIT_AS/RLIMIT_DATA): mlockall(MCL_FUTURE) and MCL_ONFAULT (later mappings and brk
 * growth are locked, and EAGAIN past RLIMIT_MEMLOCK without CAP_IPC_LOCK; RLIMIT_MEMLOCK 0 is
 * EPERM; not inherited by a fork child; ended by munlockall), and RLIMIT_AS / RLIMIT_DATA
 * (mmap, brk and mremap growth are ENOMEM past them; PROT_NONE counts for AS only, read-only and
 * shared mappings are not data; getrlimit reports what was set; EINVAL for cur > max, EPERM for
 * raising max without CAP_SYS_RESOURCE). Each case runs in a forked child, so its limits do not
 * leak into the next. Run as root and as an unprivileged user (t_limits.sh): the lines are the
 * same, the program expects the result its capabilities give.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1ul << 20)

/* CAP_IPC_LOCK and CAP_SYS_RESOURCE in the effective set (root in a container may lack one). */
static int can_lock, can_raise;

static int has_cap(int cap)
{
    unsigned hdr[2] = {0x20080522 /* _LINUX_CAPABILITY_VERSION_3 */, 0}, data[6];

    return syscall(SYS_capget, hdr, data) == 0 && ((data[cap / 32 * 3] >> (cap % 32)) & 1);
}

static void check(const char *what, int ok)
{
    printf("%-60s %s\n", what, ok ? "ok" : "FAIL");
}

/* Run fn in a forked child and wait for it (its lines are flushed before it exits). */
static void in_child(void (*fn)(void))
{
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        fn();
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
}

/* Resident pages of [p, p+len) per mincore. */
static size_t resident(void *p, size_t len)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char vec[4096];
    size_t n = len / pg, r = 0;

    if (n > sizeof(vec) || mincore(p, len, vec))
        return (size_t)-1;
    for (size_t i = 0; i < n; i++)
        r += vec[i] & 1;
    return r;
}

/* Sizes from /proc/self/maps: all mappings, or only Linux's data mappings (private, writable,
 * not the stack). */
static unsigned long mapped(int data)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512], perm[8];
    unsigned long s, e, total = 0;

    while (f && fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%lx-%lx %7s", &s, &e, perm) != 3)
            continue;
        if (data && (perm[1] != 'w' || perm[3] != 'p' || strstr(line, "[stack]")))
            continue;
        total += e - s;
    }
    if (f)
        fclose(f);
    return total;
}

static void *map(size_t len, int prot, int flags)
{
    void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static void future_locked(void)
{
    struct rlimit l = {MIB, MIB};
    char *a, *b, *top;

    setrlimit(RLIMIT_MEMLOCK, &l);
    check("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE) == 0);
    a = map(256 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  a later mmap is locked (resident at once)", a && resident(a, 256 << 10) == 64);
    errno = 0;
    b = map(2 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  past RLIMIT_MEMLOCK: EAGAIN (CAP_IPC_LOCK: mapped)",
          can_lock ? b != NULL : b == NULL && errno == EAGAIN);
    if (b)
        munmap(b, 2 * MIB);
    top = sbrk(0);
    errno = 0;
    check("  brk past RLIMIT_MEMLOCK fails (CAP_IPC_LOCK: grows)",
          can_lock ? sbrk(2 * MIB) == top : sbrk(2 * MIB) == (void *)-1);
    check("  munlockall", munlockall() == 0);
    b = map(2 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  after it, mappings are neither refused nor locked", b && resident(b, 2 * MIB) == 0);
}

static void future_onfault(void)
{
    char *a;

    check("mlockall(MCL_FUTURE | MCL_ONFAULT)", mlockall(MCL_FUTURE | MCL_ONFAULT) == 0);
    a = map(64 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  a later mmap is not faulted in", a && resident(a, 64 << 10) == 0);
    a[0] = 1;
    check("  a touched page is", resident(a, 64 << 10) == 1);
    munlockall();
}

static void future_fork(void)
{
    char *a;
    pid_t pid;
    int st;

    mlockall(MCL_FUTURE);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        a = map(64 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE);
        _exit(a && resident(a, 64 << 10) == 0 ? 0 : 1);
    }
    waitpid(pid, &st, 0);
    check("MCL_FUTURE is not inherited by a fork child", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    a = map(64 << 10, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  but still holds in the parent", a && resident(a, 64 << 10) == 16);
    munlockall();
}

static void memlock_zero(void)
{
    struct rlimit l = {0, 0};

    setrlimit(RLIMIT_MEMLOCK, &l);
    errno = 0;
    check("mlockall(MCL_FUTURE) with RLIMIT_MEMLOCK 0: EPERM (CAP_IPC_LOCK: 0)",
          can_lock ? mlockall(MCL_FUTURE) == 0 : mlockall(MCL_FUTURE) < 0 && errno == EPERM);
}

static void limit_as(void)
{
    struct rlimit l, got;
    char *a, *b;

    getrlimit(RLIMIT_AS, &l);
    l.rlim_cur = mapped(0) + 16 * MIB;
    check("setrlimit(RLIMIT_AS, mapped + 16 MiB)", setrlimit(RLIMIT_AS, &l) == 0);
    check("  getrlimit reports it", getrlimit(RLIMIT_AS, &got) == 0 && got.rlim_cur == l.rlim_cur &&
                                        got.rlim_max == l.rlim_max);
    a = map(8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE);
    check("  mmap 8 MiB", a != NULL);
    errno = 0;
    check("  mmap 16 MiB more: ENOMEM",
          map(16 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE) == NULL && errno == ENOMEM);
    errno = 0;
    check("  PROT_NONE counts too: ENOMEM",
          map(16 * MIB, PROT_NONE, MAP_PRIVATE) == NULL && errno == ENOMEM);
    errno = 0;
    check("  mremap growth past it: ENOMEM",
          mremap(a, 8 * MIB, 24 * MIB, MREMAP_MAYMOVE) == MAP_FAILED && errno == ENOMEM);
    errno = 0;
    check("  malloc of 32 MiB fails", malloc(32 * MIB) == NULL);
    b = map(4 * MIB, PROT_READ, MAP_PRIVATE);
    check("  mmap 4 MiB still fits", b != NULL);
    check("  munmap gives room back",
          munmap(a, 8 * MIB) == 0 && map(11 * MIB, PROT_READ, MAP_SHARED) != NULL);
    check("  a fixed mmap over mapped pages counts only the new ones",
          mmap(b, 4 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
               0) == b);
}

static void limit_data(void)
{
    struct rlimit l;
    void *top;

    getrlimit(RLIMIT_DATA, &l);
    l.rlim_cur = mapped(1) + 4 * MIB;
    check("setrlimit(RLIMIT_DATA, data + 4 MiB)", setrlimit(RLIMIT_DATA, &l) == 0);
    errno = 0;
    check("  private writable 8 MiB: ENOMEM",
          map(8 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE) == NULL && errno == ENOMEM);
    check("  read-only private 8 MiB is not data", map(8 * MIB, PROT_READ, MAP_PRIVATE) != NULL);
    check("  shared writable 8 MiB is not data",
          map(8 * MIB, PROT_READ | PROT_WRITE, MAP_SHARED) != NULL);
    check("  private writable 1 MiB fits", map(MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE) != NULL);
    top = sbrk(0);
    errno = 0;
    check("  brk 8 MiB further: ENOMEM, break unchanged",
          sbrk(8 * MIB) == (void *)-1 && errno == ENOMEM && sbrk(0) == top);
    check("  malloc of 8 MiB fails", malloc(8 * MIB) == NULL);
}

static void limit_checks(void)
{
    struct rlimit l, raised;

    getrlimit(RLIMIT_DATA, &l);
    l.rlim_cur = 64 * MIB;
    l.rlim_max = 128 * MIB;
    check("RLIMIT_DATA lowered to 64/128 MiB", setrlimit(RLIMIT_DATA, &l) == 0);
    raised = l;
    raised.rlim_cur = 256 * MIB;
    errno = 0;
    check("  cur above max: EINVAL", setrlimit(RLIMIT_DATA, &raised) < 0 && errno == EINVAL);
    raised.rlim_max = 256 * MIB;
    errno = 0;
    check("  raising max: EPERM (CAP_SYS_RESOURCE: allowed)",
          can_raise ? setrlimit(RLIMIT_DATA, &raised) == 0
                    : setrlimit(RLIMIT_DATA, &raised) < 0 && errno == EPERM);
    getrlimit(RLIMIT_AS, &l);
    l.rlim_cur = l.rlim_max = RLIM_INFINITY;
    errno = 0;
    check("  RLIMIT_AS back to infinity (already so)", setrlimit(RLIMIT_AS, &l) == 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    can_lock = has_cap(14);
    can_raise = has_cap(24);
    in_child(future_locked);
    in_child(future_onfault);
    in_child(future_fork);
    in_child(memlock_zero);
    in_child(limit_as);
    in_child(limit_data);
    in_child(limit_checks);
    return 0;
}
