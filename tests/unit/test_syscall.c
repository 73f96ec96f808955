/* link: src/linux/strace.c src/linux/abi.c */
/*
 * test_syscall.c — the pure parts of the Linux layer: syscall numbers against the kernel's
 * asm-generic table (as riscv64 configures it), guest structure layouts, the struct stat
 * conversion, and -strace formatting (argument kinds, flag decoding, results and errors).
 *
 * The syscall table is rebuilt here from syscall.def without handlers, and guest memory is a
 * small array behind a fake mem_copy_from_guest, so only strace.c and abi.c are linked.
 */
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET
#include <asm-generic/unistd.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "../../src/linux/linux.h"
#include "testlib.h"

/* riscv's own entries (arch/riscv/include/uapi/asm/unistd.h). */
#define __NR_riscv_hwprobe (__NR_arch_specific_syscall + 14)
#define __NR_riscv_flush_icache (__NR_arch_specific_syscall + 15)

/* Every row's number is the kernel's (compile-time check). */
#define SYSCALL(num, name, fn, args, ret) _Static_assert(num == __NR_##name, #name);
#include "../../src/linux/syscall.def"
#undef SYSCALL

/* riscv64 has no renameat (no __ARCH_WANT_RENAMEAT). */
#ifdef __NR_renameat
#error "renameat must not exist in the riscv64 table"
#endif

const struct sys_entry sys_table[SYS_TABLE_SIZE] = {
#define SYSCALL(num, nm, handler, fmt, r) [num] = {#nm, NULL, fmt, SYS_RET_##r},
#include "../../src/linux/syscall.def"
#undef SYSCALL
};

static const struct {
    int num;
    const char *args;
} rows[] = {
#define SYSCALL(num, nm, handler, fmt, r) {num, fmt},
#include "../../src/linux/syscall.def"
#undef SYSCALL
};

/* ---- fake guest memory: [GUEST_LO, GUEST_LO + sizeof(guest_ram)) is readable ---- */
#define GUEST_LO 0x10000
static char guest_ram[4096];

int mem_copy_from_guest(struct mem_space *m, void *dst, gaddr_t src, size_t len)
{
    if (src < GUEST_LO || src + len > GUEST_LO + sizeof(guest_ram))
        return -EFAULT;
    memcpy(dst, guest_ram + (src - GUEST_LO), len);
    return 0;
}

static void check_str(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        printf("FAIL %s: got '%s', want '%s'\n", what, got, want);
        failures++;
    }
}

static void test_table(void)
{
    int prev = -1;

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        if (rows[i].num <= prev)
            printf("FAIL syscall.def row %d not sorted\n", rows[i].num), failures++;
        if (strlen(rows[i].args) > 6)
            printf("FAIL syscall.def row %d has more than 6 args\n", rows[i].num), failures++;
        if (strspn(rows[i].args, "dluxpsFOcoPMSAahCfikIQEHWRNXLVywmbU") != strlen(rows[i].args))
            printf("FAIL syscall.def row %d has an unknown arg kind\n", rows[i].num), failures++;
        prev = rows[i].num;
    }
    CHECK(rows[ARRAY_SIZE(rows) - 1].num < SYS_TABLE_SIZE);
    CHECK(strcmp(sys_table[56].name, "openat") == 0);
    CHECK(sys_table[38].name == NULL);
}

static void test_layouts(void)
{
    /* struct stat: asm-generic/stat.h */
    CHECK(offsetof(struct target_stat, st_ino) == 8);
    CHECK(offsetof(struct target_stat, st_nlink) == 20);
    CHECK(offsetof(struct target_stat, st_uid) == 24);
    CHECK(offsetof(struct target_stat, st_gid) == 28);
    CHECK(offsetof(struct target_stat, st_mtime_sec) == 88);
    /* epoll_event */
    CHECK(offsetof(struct target_epoll_event, data) == 8);
    /* signal frame: siginfo, then ucontext with mcontext at 176 */
    CHECK(offsetof(struct target_rt_sigframe, uc) == 128);
    CHECK(offsetof(struct target_rt_sigframe, uc.uc_mcontext.regs) == 128 + 176);
    CHECK(offsetof(struct target_mcontext, fpregs) == 256);
    CHECK(offsetof(struct target_mcontext, fcsr) == 512);
    CHECK(offsetof(struct target_ucontext, uc_stack) == 16);
    CHECK(offsetof(struct target_siginfo, addr) == 16);
    CHECK(offsetof(struct target_siginfo, kill.uid) == 20);
    CHECK(offsetof(struct target_msghdr, iovlen) == 24);
    CHECK(offsetof(struct target_msghdr, controllen) == 40);
    CHECK(sizeof(struct target_hwprobe) == 16);
}

static void test_stat_conversion(void)
{
    struct stat h;
    struct target_stat t;

    memset(&h, 0, sizeof(h));
    h.st_dev = 0x801;
    h.st_ino = 123456789012ull;
    h.st_mode = S_IFREG | 0644;
    h.st_nlink = 3;
    h.st_uid = 1000;
    h.st_gid = 100;
    h.st_rdev = 0x8802;
    h.st_size = 1ll << 40;
    h.st_blksize = 4096;
    h.st_blocks = 8;
    h.st_atim.tv_sec = 1;
    h.st_atim.tv_nsec = 2;
    h.st_mtim.tv_sec = 3;
    h.st_mtim.tv_nsec = 4;
    h.st_ctim.tv_sec = 5;
    h.st_ctim.tv_nsec = 6;
    memset(&t, 0xff, sizeof(t));
    abi_stat_to_target(&t, &h);
    CHECK(t.st_dev == 0x801 && t.st_ino == 123456789012ull);
    CHECK(t.st_mode == (S_IFREG | 0644) && t.st_nlink == 3);
    CHECK(t.st_uid == 1000 && t.st_gid == 100 && t.st_rdev == 0x8802);
    CHECK(t.st_size == 1ll << 40 && t.st_blksize == 4096 && t.st_blocks == 8);
    CHECK(t.st_atime_sec == 1 && t.st_atime_nsec == 2 && t.st_mtime_sec == 3);
    CHECK(t.st_mtime_nsec == 4 && t.st_ctime_sec == 5 && t.st_ctime_nsec == 6);
    CHECK(t.pad1 == 0 && t.pad2 == 0 && t.unused4 == 0 && t.unused5 == 0);
    /* Raw bytes at the riscv64 offsets. */
    const uint8_t *b = (const uint8_t *)&t;
    uint32_t mode, nlink;
    memcpy(&mode, b + 16, 4);
    memcpy(&nlink, b + 20, 4);
    CHECK(mode == (S_IFREG | 0644) && nlink == 3);
}

static void call(struct vcpu *cpu, int num, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                 uint64_t a4, uint64_t a5, const char *want)
{
    uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
    char buf[512], what[32];

    strace_format_call(cpu, num, a, buf, sizeof(buf));
    snprintf(what, sizeof(what), "call %d", num);
    check_str(what, buf, want);
}

static void ret(int num, int64_t r, const char *want)
{
    char buf[256], what[32];

    strace_format_ret(num, r, buf, sizeof(buf));
    snprintf(what, sizeof(what), "ret %d", num);
    check_str(what, buf, want);
}

static void test_strace(void)
{
    static struct mem_space mem;
    static struct proc proc;
    static struct vcpu cpu;

    proc.mem = &mem;
    cpu.proc = &proc;
    strcpy(guest_ram, "/etc/passwd");
    strcpy(guest_ram + 100, "a\"b\\c\n");
    /* a string running off the end of readable memory is cut where memory ends */
    memset(guest_ram + sizeof(guest_ram) - 4, 'z', 4);

    call(&cpu, 56, (uint64_t)AT_FDCWD, GUEST_LO, O_RDONLY | O_CLOEXEC, 0, 0, 0,
         "openat(AT_FDCWD,\"/etc/passwd\",O_RDONLY|O_CLOEXEC)");
    call(&cpu, 56, 3, GUEST_LO, O_WRONLY | O_CREAT | O_TRUNC, 0644, 0, 0,
         "openat(3,\"/etc/passwd\",O_WRONLY|O_CREAT|O_TRUNC,0644)");
    call(&cpu, 56, (uint64_t)AT_FDCWD, GUEST_LO + 100, O_RDWR | O_APPEND | O_NONBLOCK, 0, 0, 0,
         "openat(AT_FDCWD,\"a\\\"b\\\\c\\n\",O_RDWR|O_APPEND|O_NONBLOCK)");
    call(&cpu, 56, (uint64_t)AT_FDCWD, 0x5, O_RDONLY | O_DIRECTORY, 0, 0, 0,
         "openat(AT_FDCWD,0x0000000000000005,O_RDONLY|O_DIRECTORY)");
    call(&cpu, 56, (uint64_t)AT_FDCWD, GUEST_LO + sizeof(guest_ram) - 4, O_RDONLY, 0, 0, 0,
         "openat(AT_FDCWD,\"zzzz\",O_RDONLY)");
    call(&cpu, 222, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
         (uint64_t)-1, 0, "mmap(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0)");
    call(&cpu, 222, 0x4002951000ull, 20480, PROT_READ | PROT_EXEC,
         MAP_PRIVATE | MAP_DENYWRITE | MAP_FIXED, 3, 0x122000,
         "mmap(0x0000004002951000,20480,PROT_EXEC|PROT_READ,MAP_PRIVATE|MAP_DENYWRITE|"
         "MAP_FIXED,3,0x122000)");
    call(&cpu, 226, 0x71000, 16384, PROT_NONE, 0, 0, 0,
         "mprotect(0x0000000000071000,16384,PROT_NONE)");
    call(&cpu, 79, 1, GUEST_LO + 11, 0x3ffffff5b0ull, AT_EMPTY_PATH, 0, 0,
         "newfstatat(1,\"\",0x0000003ffffff5b0,AT_EMPTY_PATH)");
    call(&cpu, 48, (uint64_t)AT_FDCWD, GUEST_LO, R_OK | X_OK, 0, 0, 0,
         "faccessat(AT_FDCWD,\"/etc/passwd\",R_OK|X_OK)");
    call(&cpu, 129, 1234, SIGUSR1, 0, 0, 0, 0, "kill(1234,SIGUSR1)");
    call(&cpu, 131, 1, 2, 40, 0, 0, 0, "tgkill(1,2,40)");
    call(&cpu, 135, 2, 0x10, 0, 8, 0, 0,
         "rt_sigprocmask(SIG_SETMASK,0x0000000000000010,NULL)");
    call(&cpu, 113, 1, 0x20, 0, 0, 0, 0, "clock_gettime(CLOCK_MONOTONIC,0x0000000000000020)");
    call(&cpu, 25, 3, 1030, 10, 0, 0, 0, "fcntl(3,F_DUPFD_CLOEXEC,0xa)");
    call(&cpu, 29, 1, 0x5401, 0x30, 0, 0, 0, "ioctl(1,TCGETS,0x30)");
    call(&cpu, 35, (uint64_t)AT_FDCWD, GUEST_LO, AT_REMOVEDIR, 0, 0, 0,
         "unlinkat(AT_FDCWD,\"/etc/passwd\",AT_REMOVEDIR)");
    call(&cpu, 172, 0, 0, 0, 0, 0, 0, "getpid()");
    call(&cpu, 94, 3, 0, 0, 0, 0, 0, "exit_group(3)");
    call(&cpu, 4096, 0, 0, 0, 0, 0, 0, "Unknown syscall 4096");

    ret(56, 3, " = 3\n");
    ret(56, -2, " = -1 errno=2 (No such file or directory)\n");
    ret(222, 0x4002963000ll, " = 0x0000004002963000\n");
    ret(222, -12, " = -1 errno=12 (Cannot allocate memory)\n");
    ret(214, 0x7d000, " = 0x000000000007d000\n");
    ret(62, 1ll << 40, " = 1099511627776\n");
    ret(139, -SYS_ENORETURN, " = ?\n");
    ret(4096, -38, " = -1 errno=38 (Function not implemented)\n");

    char buf[64];
    strace_format_arg(&cpu, 'O', 0100000 | O_RDONLY, 0, buf, sizeof(buf));
    check_str("O_LARGEFILE", buf, "O_RDONLY|O_LARGEFILE");
    strace_format_arg(&cpu, 'O', O_RDONLY | 0x80000000u, 0, buf, sizeof(buf));
    check_str("unknown open bit", buf, "O_RDONLY|0x80000000");
    strace_format_arg(&cpu, 'M', MAP_SHARED | MAP_FIXED_NOREPLACE, 0, buf, sizeof(buf));
    check_str("map flags", buf, "MAP_SHARED|MAP_FIXED_NOREPLACE");
    strace_format_arg(&cpu, 'a', 0, 0, buf, sizeof(buf));
    check_str("F_OK", buf, "F_OK");
    strace_format_arg(&cpu, 'S', 64, 0, buf, sizeof(buf));
    check_str("rt signal", buf, "64");
    strace_format_arg(&cpu, 'S', SIGSEGV, 0, buf, sizeof(buf));
    check_str("SIGSEGV", buf, "SIGSEGV");
    strace_format_arg(&cpu, 'A', 0, 0, buf, sizeof(buf));
    check_str("no at flags", buf, "0");
    /* a tiny buffer is never overrun */
    char tiny[8];
    memset(tiny, 'X', sizeof(tiny));
    uint64_t a[6] = {(uint64_t)AT_FDCWD, GUEST_LO, 0, 0, 0, 0};
    strace_format_call(&cpu, 56, a, tiny, 5);
    CHECK(tiny[4] == 0 && tiny[5] == 'X');
    CHECK(strcmp(sig_name(SIGINT), "SIGINT") == 0 && sig_name(0) == NULL);
}

int main(void)
{
    test_table();
    test_layouts();
    test_stat_conversion();
    test_strace();
    return test_summary();
}
