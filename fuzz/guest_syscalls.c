/*
 * guest_syscalls.c — riscv64 guest program that issues random system calls, to check that the
 * emulator answers nonsense with error codes instead of crashing.
 *
 * Usage (as a guest): guest_syscalls SEED COUNT [v]
 * From a seeded PRNG it makes COUNT calls with random numbers (mostly 0..463, sometimes far out
 * of range or with garbage in the upper 32 bits) and random arguments drawn from pools: small
 * integers, -1, random 64-bit values, pointers into a 64 KiB "playground" mapping (filled with
 * random bytes, followed by an inaccessible guard page), NULL and other unmapped or kernel
 * addresses, names of files in the current directory, recently returned descriptors. It then
 * exits with status 42: any other outcome under the emulator (a signal, a sanitizer report, an
 * "internal error") is a bug to reproduce with the same SEED and COUNT. With "v" every call is
 * logged on file descriptor 2 before it is made.
 *
 * Safety: run it as an unprivileged user in a scratch directory (tests/fuzz/t_syscalls.sh does).
 * The program itself skips calls that end or clone the process, send signals, block without a
 * bound, touch other processes, change system-wide state, or can fill the disk or lock memory;
 * calls that take an address range are confined to the playground; signal handlers may only
 * be set to SIG_IGN (every catchable signal is ignored at start, so timers and broken files
 * cannot kill it).
 * Freestanding (-nostdlib): raw ecall, its own _start, no libc. Single-threaded.
 */
#include <stddef.h>
#include <stdint.h>

#define PLAY_SIZE (64 * 1024)
#define PAGE 4096
#define AT_FDCWD (-100)

/* Generic (asm-generic/unistd.h) syscall numbers used by name. */
enum {
    NR_FCNTL = 25,
    NR_IOCTL = 29,
    NR_MKDIRAT = 34,
    NR_OPENAT = 56,
    NR_CLOSE = 57,
    NR_WRITE = 64,
    NR_EXIT_GROUP = 94,
    NR_RT_SIGACTION = 134,
    NR_PRLIMIT64 = 261,
    NR_MUNMAP = 215,
    NR_MREMAP = 216,
    NR_MMAP = 222,
    NR_MPROTECT = 226,
    NR_MSYNC = 227,
    NR_MADVISE = 233,
    NR_PKEY_MPROTECT = 288,
    NR_MSEAL = 462,
};

/* Syscalls never issued (see the overview), by group. */
static const struct {
    uint8_t n;
    uint16_t nr[18];
} skipped[] = {
    /* io_setup (its events count against the system-wide aio-max-nr), io_submit (a read from
     * a pipe blocks inside it), io_getevents (blocks) */
    {3, {0, 2, 4}},
    /* eventfd2, epoll_pwait, inotify_init1, ioprio_set, flock, mknodat */
    {6, {19, 22, 26, 30, 32, 33}},
    /* umount2, mount, pivot_root, fallocate, vhangup, pipe2, quotactl */
    {7, {39, 40, 41, 47, 58, 59, 60}},
    /* sendfile, pselect6, ppoll, signalfd4, vmsplice, splice, tee */
    {7, {71, 72, 73, 74, 75, 76, 77}},
    /* timerfd_create, acct, exit, exit_group, unshare, futex */
    {6, {85, 89, 93, 94, 97, 98}},
    /* nanosleep, timer_create */
    {2, {101, 107}},
    /* clock_settime, clock_nanosleep, syslog, sched_setparam, sched_setscheduler,
     * sched_setaffinity */
    {6, {112, 115, 116, 118, 119, 122}},
    /* kill, tkill, tgkill, rt_sigsuspend, rt_sigtimedwait, rt_sigqueueinfo, rt_sigreturn,
     * setpriority, reboot (refused by plume, but never risked) */
    {9, {129, 130, 131, 133, 137, 138, 139, 140, 142}},
    /* sethostname, setdomainname, setrlimit, prctl, settimeofday, adjtimex */
    {6, {161, 162, 164, 167, 170, 171}},
    /* mq_*, SysV msg/sem/shm */
    {18,
     {180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197}},
    /* sockets */
    {15, {198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212}},
    /* add_key, request_key, keyctl (user keyrings outlive the process), clone, execve, swapon,
     * swapoff */
    {7, {217, 218, 219, 220, 221, 224, 225}},
    /* mlock, munlock, mlockall, munlockall, remap_file_pages, mbind, set_mempolicy,
     * migrate_pages, move_pages */
    {9, {228, 229, 230, 231, 234, 235, 237, 238, 239}},
    /* rt_tgsigqueueinfo, accept4, recvmmsg, fanotify_init, fanotify_mark, name_to_handle_at,
     * open_by_handle_at, clock_adjtime, setns, sendmmsg */
    {10, {240, 242, 243, 262, 263, 264, 265, 266, 268, 269}},
    /* process_vm_readv/writev, kcmp, sched_setattr, execveat, mlock2, copy_file_range */
    {7, {270, 271, 272, 274, 281, 284, 285}},
    /* io_pgetevents, rseq */
    {2, {292, 293}},
    /* pidfd_send_signal, open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, pidfd_open,
     * clone3 */
    {9, {424, 428, 429, 430, 431, 432, 433, 434, 435}},
    /* pidfd_getfd, process_madvise, epoll_pwait2, mount_setattr, quotactl_fd,
     * landlock_restrict_self, process_mrelease, futex_waitv, set_mempolicy_home_node */
    {9, {438, 440, 441, 442, 443, 446, 448, 449, 450}},
    /* futex_wake, futex_wait, futex_requeue, statmount, listmount, lsm_* */
    {8, {454, 455, 456, 457, 458, 459, 460, 461}},
};

/* File names the guest may use (relative: the scratch directory), plus a few read-only ones. */
static const char *const names[] = {
    "f0",
    "f1",
    "d1",
    "d1/f2",
    "l0",
    "",
    "d1/d3",
    "/proc/self/maps",
    "/proc/self/status",
    "/proc/self/stat",
    "/proc/self/auxv",
    "/proc/cpuinfo",
    "nonexistent/x",
};

/* All state of one run (no file-static mutable state). */
struct run {
    uint64_t rng;
    uint8_t *play;      /* playground: PLAY_SIZE bytes, a PROT_NONE guard page after it */
    int64_t last_fd[4]; /* recent non-negative results of fd-returning calls */
    uint64_t act[3];    /* struct sigaction for random rt_sigaction calls (SIG_IGN only) */
    unsigned nfd;
    int verbose;
};

/* ---- raw system calls ---- */

/* Issue system call nr with six arguments; returns the raw a0. */
static long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    register long a7 __asm__("a7") = nr;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    return a0;
}

/* The compiler may emit calls to these for aggregate copies. */
void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

/* Length of a NUL-terminated string. */
static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Write a string to fd (best effort). */
static void put(int fd, const char *s)
{
    sys6(NR_WRITE, fd, (long)s, (long)str_len(s), 0, 0, 0);
}

/* Write v in hexadecimal to fd. */
static void put_hex(int fd, uint64_t v)
{
    char b[19];
    b[0] = '0';
    b[1] = 'x';
    for (int i = 0; i < 16; i++)
        b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = '\0';
    put(fd, b);
}

/* Parse an unsigned decimal number (0 for anything else). */
static uint64_t parse_u64(const char *s)
{
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

/* ---- randomness ---- */

/* splitmix64 step. */
static uint64_t rnd(struct run *r)
{
    uint64_t z = (r->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform-ish value in [0, n). */
static uint64_t below(struct run *r, uint64_t n)
{
    return rnd(r) % n;
}

/* A pointer into the playground: anywhere, aligned, or straddling its end. */
static uint64_t play_ptr(struct run *r)
{
    switch (below(r, 4)) {
    case 0: return (uint64_t)r->play;
    case 1: return (uint64_t)r->play + (below(r, PLAY_SIZE) & ~7ull);
    case 2: return (uint64_t)r->play + PLAY_SIZE - 1 - below(r, 64);
    default: return (uint64_t)r->play + below(r, PLAY_SIZE);
    }
}

/* A length: small, page-ish, playground-sized, or absurd. */
static uint64_t length(struct run *r)
{
    static const uint64_t lens[] = {0,          1,         8,
                                    64,         4095,      PAGE,
                                    2 * PAGE,   PLAY_SIZE, PLAY_SIZE + 1,
                                    1ull << 31, ~0ull,     0x7fffffffffffffffull};
    if (below(r, 3) == 0)
        return below(r, 512);
    return lens[below(r, sizeof(lens) / sizeof(lens[0]))];
}

/* One random argument from the pools. */
static uint64_t rand_arg(struct run *r)
{
    switch (below(r, 16)) {
    case 0:
    case 1: return below(r, 4);
    case 2: return ~0ull;
    case 3: return rnd(r);
    case 4: return (uint32_t)rnd(r);
    case 5:
    case 6:
    case 7: return play_ptr(r);
    case 8: return (uint64_t)names[below(r, sizeof(names) / sizeof(names[0]))];
    case 9: return r->nfd ? (uint64_t)r->last_fd[below(r, r->nfd)] : below(r, 8);
    case 10: return (uint64_t)(int64_t)AT_FDCWD;
    case 11: return length(r);
    case 12: {
        static const uint64_t bad[] = {0x1000,     0xffffffffffff0000ull, 1ull << 47,
                                       1ull << 38, (1ull << 38) - 8,      0x8000000000000000ull};
        return bad[below(r, sizeof(bad) / sizeof(bad[0]))];
    }
    case 13: return 1ull << below(r, 64);
    case 14: return below(r, 256);
    default: return 0;
    }
}

/* ---- the calls ---- */

/* True if nr (or its low 32 bits, as a truncating emulator would see it) must not be issued. */
static int is_skipped(uint64_t nr)
{
    uint64_t lo = (uint32_t)nr;
    for (size_t g = 0; g < sizeof(skipped) / sizeof(skipped[0]); g++) {
        for (unsigned i = 0; i < skipped[g].n; i++) {
            if (nr == skipped[g].nr[i] || lo == skipped[g].nr[i])
                return 1;
        }
    }
    return 0;
}

/* A syscall number: mostly a plausible one, sometimes out of range or with high garbage. */
static uint64_t rand_nr(struct run *r)
{
    switch (below(r, 16)) {
    case 0: return 464 + below(r, 2000);
    case 1: return rnd(r);
    case 2: return (rnd(r) << 32) | below(r, 464);
    default: return below(r, 464);
    }
}

/* Confine the address-range calls to the playground and strip dangerous flags. */
static void confine(struct run *r, uint64_t nr, uint64_t *a)
{
    switch (nr) {
    case NR_MMAP:
        a[3] &= ~(0x2000ull | 0x8000ull | 0x10000ull); /* MAP_LOCKED, MAP_POPULATE, MAP_NONBLOCK */
        if (a[3] & (0x10 | 0x100000)) {                /* MAP_FIXED, MAP_FIXED_NOREPLACE */
            a[0] = (uint64_t)r->play + (below(r, PLAY_SIZE) & ~(uint64_t)(PAGE - 1));
            a[1] = below(r, PLAY_SIZE / PAGE) * PAGE + below(r, 2);
        }
        break;
    case NR_MUNMAP:
    case NR_MPROTECT:
    case NR_PKEY_MPROTECT:
    case NR_MADVISE:
    case NR_MSYNC:
    case NR_MSEAL:
        a[0] = (uint64_t)r->play + below(r, PLAY_SIZE) - (below(r, 2) ? 0 : below(r, 2));
        if (below(r, 4))
            a[0] &= ~(uint64_t)(PAGE - 1);
        a[1] = below(r, PLAY_SIZE - (a[0] - (uint64_t)r->play) + 1);
        if (nr == NR_MADVISE && a[2] > 25)
            a[2] = below(r, 26); /* never MADV_HWPOISON / MADV_SOFT_OFFLINE */
        break;
    case NR_MREMAP:
        a[0] = (uint64_t)r->play + (below(r, PLAY_SIZE) & ~(uint64_t)(PAGE - 1));
        a[1] = below(r, PLAY_SIZE - (a[0] - (uint64_t)r->play) + 1);
        a[2] = below(r, 4 * PLAY_SIZE);
        a[4] = (uint64_t)r->play + (below(r, PLAY_SIZE) & ~(uint64_t)(PAGE - 1));
        break;
    case NR_FCNTL:
        if (a[1] == 38) /* F_OFD_SETLKW can deadlock against our own descriptors */
            a[1] = 36;
        break;
    case NR_IOCTL: {
        static const uint64_t cmds[] = {0x541b, 0x5421, 0x5401, 0x5413, 0x5451, 0x5450, 0, 1};
        a[1] = cmds[below(r, sizeof(cmds) / sizeof(cmds[0]))];
        break;
    }
    case NR_RT_SIGACTION:
        if (a[1]) { /* a new action: SIG_IGN with random flags and mask */
            r->act[0] = 1;
            r->act[1] = rnd(r);
            r->act[2] = rnd(r);
            a[1] = (uint64_t)r->act;
        }
        break;
    case NR_PRLIMIT64:
        a[0] = 0;
        a[2] = 0;
        break;
    default: break;
    }
}

/* Log one call (verbose mode). */
static void log_call(uint64_t i, uint64_t nr, const uint64_t *a)
{
    put(2, "call ");
    put_hex(2, i);
    put(2, " nr ");
    put_hex(2, nr);
    for (int k = 0; k < 6; k++) {
        put(2, " ");
        put_hex(2, a[k]);
    }
    put(2, "\n");
}

/* Ignore every catchable signal so that nothing the calls arm can end the process. */
static void ignore_signals(void)
{
    uint64_t act[3] = {1, 0, 0}; /* SIG_IGN, flags, mask */
    for (int sig = 1; sig <= 64; sig++) {
        if (sig != 9 && sig != 19)
            sys6(NR_RT_SIGACTION, sig, (long)act, 0, 8, 0, 0);
    }
}

/* Scratch files the calls can play with, and a clean descriptor table above 2. */
static void setup_files(struct run *r)
{
    for (int fd = 3; fd < 1024; fd++)
        sys6(NR_CLOSE, fd, 0, 0, 0, 0, 0);
    sys6(NR_MKDIRAT, AT_FDCWD, (long)"d1", 0755, 0, 0, 0);
    for (int i = 0; i < 2; i++) {
        long fd = sys6(NR_OPENAT, AT_FDCWD, (long)names[i], 0102 /* O_RDWR|O_CREAT */, 0644, 0, 0);
        if (fd >= 0) {
            sys6(NR_WRITE, fd, (long)r->play, 1000, 0, 0, 0);
            r->last_fd[r->nfd++] = fd;
        }
    }
}

/* Run COUNT random calls. */
static void fuzz(struct run *r, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        uint64_t nr = rand_nr(r);
        uint64_t a[6];
        for (int k = 0; k < 6; k++)
            a[k] = rand_arg(r);
        if (is_skipped(nr))
            continue;
        confine(r, (uint32_t)nr, a);
        if (r->verbose)
            log_call(i, nr, a);
        long ret =
            sys6((long)nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
        if (ret >= 3 && ret < 1024) {
            r->last_fd[r->nfd < 4 ? r->nfd++ : below(r, 4)] = ret;
        }
    }
}

/* Entry from _start with the initial stack pointer. */
__attribute__((used)) static void start_c(uint64_t *sp)
{
    struct run r = {0};
    long argc = (long)sp[0];
    char **argv = (char **)(sp + 1);
    if (argc < 3) {
        put(2, "usage: guest_syscalls SEED COUNT [v]\n");
        sys6(NR_EXIT_GROUP, 2, 0, 0, 0, 0, 0);
    }
    r.rng = parse_u64(argv[1]);
    uint64_t count = parse_u64(argv[2]);
    r.verbose = argc > 3 && argv[3][0] == 'v';
    long play = sys6(NR_MMAP, 0, PLAY_SIZE + PAGE, 3 /* RW */, 0x22 /* PRIVATE|ANON */, -1, 0);
    if (play < 0 && play > -4096) {
        put(2, "guest_syscalls: cannot map the playground\n");
        sys6(NR_EXIT_GROUP, 3, 0, 0, 0, 0, 0);
    }
    r.play = (uint8_t *)play;
    sys6(NR_MPROTECT, play + PLAY_SIZE, PAGE, 0, 0, 0, 0);
    for (size_t i = 0; i < PLAY_SIZE; i += 8) {
        uint64_t v = rnd(&r);
        memcpy(r.play + i, &v, 8);
    }
    ignore_signals();
    setup_files(&r);
    fuzz(&r, count);
    sys6(NR_EXIT_GROUP, 42, 0, 0, 0, 0, 0);
}

__asm__(".text\n"
        ".global _start\n"
        "_start:\n"
        "    mv a0, sp\n"
        "    andi sp, sp, -16\n"
        "    call start_c\n"
        "    li a0, 43\n"
        "    li a7, 94\n"
        "    ecall\n");
