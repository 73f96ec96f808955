/*
 * fuzz_elf.c — libFuzzer target for the ELF loader (src/loader/).
 *
 * Each input is an executable file image, stored in a memfd and opened by the loader through
 * /proc/self/fd/N. Two entry points are exercised:
 *   - loader_check_file(), in process (it returns an error text and must not leak): the result
 *     is NULL or a non-empty one-line printable message;
 *   - loader_load() (with a symbol table, so symbols.c parses the file too), in a forked child,
 *     because it reports bad input through die() (exit status 1). The child checks what a
 *     successful load produced (stack pointer 16-byte aligned inside the stack mapping, argc
 *     and an AT_NULL-terminated auxv on the stack, an exe_path) and exits 0. (An entry point
 *     outside the guest space is accepted, as by Linux: the program faults on its first fetch.)
 * The parent accepts exactly these outcomes: exit 0; exit 1 with one line "plume: ..." on
 * stderr; or, silently, death by SIGSEGV where Linux's exec dies so (a writable PT_LOAD with a
 * bss whose last file page lies beyond the end of the file: elf_bss_page_beyond_eof); and it
 * requires loader_load() to reject every file loader_check_file() rejected.
 * Anything else (a signal, a sanitizer report, a hang past 10 s, extra output) aborts the
 * fuzzer with the child's stderr, so the input is saved as a crash.
 *
 * The child's coverage is invisible to libFuzzer, so a custom mutator helps it past the header
 * checks: half of the mutations set one ELF header or program header field to an interesting
 * value (0, ~0, page boundaries, the file size, the guest-space limit, off-by-one values).
 * Threading: single-threaded (plus one child process per input).
 */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/loader/loader.h"
#include "../tests/elf/exec_rules.h"

#define CHILD_SECONDS 10
#define ERR_MAX 4096

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* Report a failure with the child's output and abort (libFuzzer saves the input). */
static void fail(const char *what, const char *child_err)
{
    fprintf(stderr, "fuzz_elf: %s\n", what);
    if (child_err && *child_err)
        fprintf(stderr, "fuzz_elf: child stderr:\n%s\n", child_err);
    abort();
}

/* True iff s is a non-empty single line of printable characters. */
static bool one_line(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    }
    return true;
}

/* Exit handler of the child: leave with the status at once, before libFuzzer's own handler
 * (which would report the exit as a fuzz-target failure) and before the leak check. */
static void child_on_exit(int status, void *arg)
{
    _exit(status);
}

/* Check what a successful loader_load produced; abort on an inconsistency. */
static void check_image(struct mem_space *m, const struct image_info *info, uint64_t stack_size)
{
    if (info->sp % 16 != 0)
        fail("initial sp not 16-byte aligned", NULL);
    if (info->sp >= info->stack_top || info->stack_top - info->sp > stack_size)
        fail("initial sp outside the stack", NULL);
    if (info->stack_top > GUEST_SPACE)
        fail("stack top beyond the guest space", NULL);
    if (!mem_range_ok(m, info->sp, 8, PAGE_READ | PAGE_WRITE))
        fail("initial sp not readable and writable", NULL);
    if (*(uint64_t *)g2h(m, info->sp) != 2)
        fail("argc on the stack is not 2", NULL);
    if (info->auxv < info->sp || info->auxv_end > info->stack_top || info->auxv_end <= info->auxv ||
        (info->auxv_end - info->auxv) % 16 != 0)
        fail("auxv range not on the stack or not whole pairs", NULL);
    if (*(uint64_t *)g2h(m, info->auxv_end - 16) != AT_NULL)
        fail("auxv does not end with AT_NULL", NULL);
    if (!info->exe_path)
        fail("no exe_path", NULL);
}

/* Child: load path and check the result; exits 0, or 1 through die(). */
static void child(const char *path)
{
    on_exit(child_on_exit, NULL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    alarm(CHILD_SECONDS);
    char *argv[] = {"prog", "arg1", NULL};
    char *envp[] = {"FUZZ=1", NULL};
    struct load_params lp = {
        .path = path,
        .sysroot = "/usr/riscv64-linux-gnu",
        .argc = 2,
        .argv = argv,
        .envp = envp,
        .stack_size = 8 << 20,
        .execfn = path,
    };
    struct image_info info;
    struct mem_space *m = mem_init();
    struct symtab *syms = symtab_new();
    loader_load(m, &lp, &info, syms);
    check_image(m, &info, lp.stack_size);
    symtab_lookup(syms, info.exe_entry);
    symtab_lookup(syms, info.entry);
    _exit(0);
}

/* Fork a child that loads path; returns its wait status, its stderr in err. */
static int run_child(const char *path, char *err)
{
    int pfd[2];
    if (pipe(pfd) < 0)
        fail("pipe failed", NULL);
    pid_t pid = fork();
    if (pid < 0)
        fail("fork failed", NULL);
    if (pid == 0) {
        close(pfd[0]);
        dup2(pfd[1], 2);
        close(pfd[1]);
        child(path);
    }
    close(pfd[1]);
    size_t n = 0;
    for (;;) {
        char tmp[512];
        ssize_t k = read(pfd[0], tmp, sizeof(tmp));
        if (k < 0 && errno == EINTR)
            continue; /* libFuzzer's timeout timer */
        if (k <= 0)
            break;
        size_t room = ERR_MAX - 1 - n;
        size_t take = (size_t)k < room ? (size_t)k : room;
        memcpy(err + n, tmp, take);
        n += take;
    }
    err[n] = '\0';
    close(pfd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0) {
    }
    return st;
}

/* libFuzzer entry point: the bytes of an executable file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-elf", 0);
    if (fd < 0)
        fail("memfd_create failed", NULL);
    size_t done = 0;
    while (done < size) {
        ssize_t k = write(fd, data + done, size - done);
        if (k <= 0)
            fail("write to memfd failed", NULL);
        done += (size_t)k;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

    const char *check = loader_check_file(path);
    if (check && !one_line(check))
        fail("loader_check_file error is not a one-line message", check);

    char err[ERR_MAX];
    int st = run_child(path, err);
    close(fd);
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !err[0] &&
        elf_bss_page_beyond_eof(data, size))
        return 0;
    if (WIFSIGNALED(st)) {
        char what[96];
        snprintf(what, sizeof(what), "loader_load child killed by signal %d (%s)", WTERMSIG(st),
                 WTERMSIG(st) == SIGALRM ? "hang" : strsignal(WTERMSIG(st)));
        fail(what, err);
    }
    int code = WEXITSTATUS(st);
    if (code == 0) {
        if (err[0])
            fail("loader_load succeeded but printed something", err);
        if (check)
            fail("loader_load accepted a file loader_check_file rejected", check);
        return 0;
    }
    if (code != 1)
        fail("loader_load child exited with a status other than 0 or 1", err);
    size_t len = strlen(err);
    if (len < 8 || strncmp(err, "plume: ", 7) || err[len - 1] != '\n' || memchr(err, '\n', len - 1))
        fail("loader_load error is not one line \"plume: ...\"", err);
    return 0;
}

/* ---- structure-aware mutation ---- */

/* xorshift64 step for the mutator (state on the caller's stack). */
static uint64_t mut_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* An interesting value to replace the field value old with. */
static uint64_t interesting(uint64_t *s, uint64_t old, size_t file_size)
{
    static const uint64_t vals[] = {0,
                                    1,
                                    2,
                                    0x40,
                                    0xfff,
                                    0x1000,
                                    0x1001,
                                    0x10000,
                                    0x7fffffff,
                                    0x80000000,
                                    0xffffffff,
                                    1ull << 37,
                                    (1ull << 38) - 0x1000,
                                    1ull << 38,
                                    (1ull << 38) + 0x1000,
                                    1ull << 63,
                                    ~0ull};
    switch (mut_rand(s) % 6) {
    case 0: return file_size;
    case 1: return file_size + 1 - mut_rand(s) % 3;
    case 2: return old + 1 - mut_rand(s) % 3;
    case 3: return old ^ (1ull << (mut_rand(s) % 64));
    default: return vals[mut_rand(s) % (sizeof(vals) / sizeof(vals[0]))];
    }
}

/* Store the low width bytes of v at p (little-endian). */
static void put_le(uint8_t *p, size_t width, uint64_t v)
{
    for (size_t i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Load width bytes at p (little-endian). */
static uint64_t get_le(const uint8_t *p, size_t width)
{
    uint64_t v = 0;
    for (size_t i = 0; i < width; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* libFuzzer hook: half generic mutations, half one ELF field set to an interesting value. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint64_t s = seed * 0x9e3779b97f4a7c15ull + 1;
    if (mut_rand(&s) % 2 || size < sizeof(Elf64_Ehdr) || memcmp(data, ELFMAG, SELFMAG))
        return LLVMFuzzerMutate(data, size, max_size);
    /* offsets and widths of Elf64_Ehdr fields worth changing */
    static const uint8_t eh_fields[][2] = {
        {16, 2}, {18, 2}, {20, 4}, {24, 8}, {32, 8}, {40, 8}, {54, 2}, {56, 2}, {4, 1}, {5, 1},
    };
    /* offsets and widths of Elf64_Phdr fields */
    static const uint8_t ph_fields[][2] = {
        {0, 4}, {4, 4}, {8, 8}, {16, 8}, {24, 8}, {32, 8}, {40, 8}, {48, 8},
    };
    uint64_t phoff = get_le(data + 32, 8);
    uint64_t phnum = get_le(data + 56, 2);
    bool have_ph = phnum > 0 && phoff < size && (size - phoff) / sizeof(Elf64_Phdr) > 0;
    if (have_ph && mut_rand(&s) % 4) {
        uint64_t avail = (size - phoff) / sizeof(Elf64_Phdr);
        uint64_t idx = mut_rand(&s) % (phnum < avail ? phnum : avail);
        const uint8_t *f = ph_fields[mut_rand(&s) % (sizeof(ph_fields) / sizeof(ph_fields[0]))];
        uint8_t *p = data + phoff + idx * sizeof(Elf64_Phdr) + f[0];
        put_le(p, f[1], interesting(&s, get_le(p, f[1]), size));
    } else {
        const uint8_t *f = eh_fields[mut_rand(&s) % (sizeof(eh_fields) / sizeof(eh_fields[0]))];
        put_le(data + f[0], f[1], interesting(&s, get_le(data + f[0], f[1]), size));
    }
    return size;
}
