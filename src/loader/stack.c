/*
 * stack.c — the initial guest stack: argc, argv, envp and the auxiliary vector, laid out as
 * Linux's exec (copy_strings + create_elf_tables) does for riscv64.
 *
 * From the top of the stack mapping down:
 *   8 zero bytes (end marker), the AT_EXECFN string, the envp strings, the argv strings (so
 *   argv[0]'s text is lowest), padding to 16, 16 random bytes (AT_RANDOM), padding, then at sp
 *   (16-byte aligned): argc, argv[0..argc-1], NULL, envp[0..envc-1], NULL, auxv pairs, AT_NULL.
 *
 * Auxiliary vector: the entries qemu-riscv64 gives, in its order (AT_PHDR, AT_PHENT, AT_PHNUM,
 * AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_HWCAP,
 * AT_CLKTCK, AT_RANDOM, AT_SECURE, AT_EXECFN), so instruction counts match qemu's. A riscv64
 * kernel also passes AT_SYSINFO_EHDR (vDSO: plume has none, so glibc makes real syscalls for
 * clock_gettime and friends), the cache-geometry entries, AT_MINSIGSTKSZ and AT_RSEQ_*; and
 * puts AT_HWCAP, AT_PAGESZ and AT_CLKTCK first. Programs look entries up by type, so the order
 * does not matter to them.
 *
 * Threading: main thread, before any vCPU.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "loader_priv.h"

/* Number of auxv pairs written, AT_NULL included. */
#define AUXV_PAIRS 17

/* Copy bytes to the guest stack; the stack is freshly mapped, so this cannot fail. */
static void stack_put(struct mem_space *m, gaddr_t a, const void *src, size_t len)
{
    if (mem_copy_to_guest(m, a, src, len) < 0)
        die("initial stack write outside the stack at 0x%llx", (unsigned long long)a);
}

static void stack_put_u64(struct mem_space *m, gaddr_t a, uint64_t v)
{
    stack_put(m, a, &v, sizeof(v));
}

/* Push the NUL-terminated s below *sp; returns its guest address. */
static gaddr_t stack_push_string(struct mem_space *m, gaddr_t *sp, const char *s)
{
    size_t len = strlen(s) + 1;

    *sp -= len;
    stack_put(m, *sp, s, len);
    return *sp;
}

static void stack_random(uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0);
        if (n <= 0)
            die("getrandom failed for AT_RANDOM");
        done += (size_t)n;
    }
}

void loader_build_stack(struct mem_space *m, const struct load_params *lp, struct image_info *info)
{
    int argc = lp->argc, envc = 0;
    uint64_t strings = 0, items, limit = lp->stack_size / LOADER_ARG_FRACTION;
    const char *execfn = lp->execfn ? lp->execfn : lp->path;
    gaddr_t sp = info->stack_top, execfn_addr, random_addr, a;
    gaddr_t *argv_addr, *envp_addr;
    uint8_t rnd[16];
    int i;

    while (lp->envp && lp->envp[envc])
        envc++;
    for (i = 0; i < argc; i++)
        strings += strlen(lp->argv[i]) + 1;
    for (i = 0; i < envc; i++)
        strings += strlen(lp->envp[i]) + 1;
    strings += strlen(execfn) + 1;
    items = (uint64_t)argc + 1 + (uint64_t)envc + 1 + 1 + 2 * AUXV_PAIRS;
    if (strings + items * 8 + 64 > limit)
        die("%s: argument list too long for a %llu-byte stack", lp->path,
            (unsigned long long)lp->stack_size);

    argv_addr = xcalloc((size_t)argc + 1, sizeof(*argv_addr));
    envp_addr = xcalloc((size_t)envc + 1, sizeof(*envp_addr));
    sp -= 8;
    stack_put_u64(m, sp, 0);
    execfn_addr = stack_push_string(m, &sp, execfn);
    for (i = envc - 1; i >= 0; i--)
        envp_addr[i] = stack_push_string(m, &sp, lp->envp[i]);
    for (i = argc - 1; i >= 0; i--)
        argv_addr[i] = stack_push_string(m, &sp, lp->argv[i]);

    sp &= ~15ull;
    stack_random(rnd, sizeof(rnd));
    sp -= sizeof(rnd);
    stack_put(m, sp, rnd, sizeof(rnd));
    random_addr = sp;

    sp = (sp - items * 8) & ~15ull;
    info->sp = sp;
    a = sp;
    stack_put_u64(m, a, (uint64_t)argc);
    a += 8;
    for (i = 0; i <= argc; i++, a += 8)
        stack_put_u64(m, a, argv_addr[i]);
    for (i = 0; i <= envc; i++, a += 8)
        stack_put_u64(m, a, envp_addr[i]);
    free(argv_addr);
    free(envp_addr);

    {
        const uint64_t auxv[AUXV_PAIRS][2] = {
            {AT_PHDR, info->phdr},
            {AT_PHENT, sizeof(Elf64_Phdr)},
            {AT_PHNUM, info->phnum},
            {AT_PAGESZ, GUEST_PAGE_SIZE},
            {AT_BASE, info->interp_base},
            {AT_FLAGS, 0},
            {AT_ENTRY, info->exe_entry},
            {AT_UID, getuid()},
            {AT_EUID, geteuid()},
            {AT_GID, getgid()},
            {AT_EGID, getegid()},
            {AT_HWCAP, LOADER_HWCAP},
            {AT_CLKTCK, 100},
            {AT_RANDOM, random_addr},
            {AT_SECURE, 0},
            {AT_EXECFN, execfn_addr},
            {AT_NULL, 0},
        };
        info->auxv = a;
        stack_put(m, a, auxv, sizeof(auxv));
        info->auxv_end = a + sizeof(auxv);
    }
}
