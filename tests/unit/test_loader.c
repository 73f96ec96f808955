/* link: src/loader/elf.c src/loader/stack.c src/loader/symbols.c src/mem/space.c src/mem/vma.c src/mem/mmap.c src/mem/maps.c src/util/common.c */
/*
 * test_loader.c — unit tests of the ELF loader, the initial stack and the symbol table.
 *
 * Builds riscv64 programs with riscv64-linux-gnu-gcc into a temporary directory (a static and
 * a dynamic glibc program, a tiny nostdlib ET_EXEC and static PIE), loads each into a fresh
 * address space and checks entry points, load addresses, the argv/envp/auxv layout on the
 * stack, bss zeroing, the program break and symbol lookup. Then loads hundreds of corrupt ELF
 * variants (tests/elf/corrupt.h) in forked children: each must load or fail with exactly one
 * "plume: ..." line and exit status 1 (or, where Linux's exec is killed by SIGSEGV, be killed so
 * silently), never crash.
 *
 * Prints one line per failed check; exit status 0 iff all passed.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/loader/loader.h"
#include "../elf/corrupt.h"
#include "../elf/exec_rules.h"
#include "testlib.h"

#define SYSROOT "/usr/riscv64-linux-gnu"
#define LDSO SYSROOT "/lib/ld-linux-riscv64-lp64d.so.1"
#define PG 4096ull

static char tmpdir[64];

static const char hello_c[] = "#include <stdio.h>\n"
                              "int main(int argc, char **argv) {\n"
                              "    printf(\"hello %d\\n\", argc);\n"
                              "    return 0;\n"
                              "}\n";

static const char tiny_s[] = "    .text\n"
                             "    .globl _start\n"
                             "    .type _start, @function\n"
                             "_start:\n"
                             "    li a0, 0\n"
                             "    li a7, 93\n"
                             "    ecall\n"
                             "    .size _start, .-_start\n"
                             "    .globl tiny_func\n"
                             "    .type tiny_func, @function\n"
                             "tiny_func:\n"
                             "    addi a0, a0, 1\n"
                             "    ret\n"
                             "    .size tiny_func, .-tiny_func\n"
                             "    .data\n"
                             "    .quad 0x1122334455667788\n"
                             "    .bss\n"
                             "    .zero 20000\n";

/* prefix followed by the six template characters mkstemp/mkdtemp replace. */
static char *tmp_template(char *buf, size_t n, const char *prefix)
{
    snprintf(buf, n, "%s%c%c%c%c%c%c", prefix, 'X', 'X', 'X', 'X', 'X', 'X');
    return buf;
}

static char *tmp_path(const char *name)
{
    char *p = malloc(strlen(tmpdir) + strlen(name) + 2);
    sprintf(p, "%s/%s", tmpdir, name);
    return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
        printf("FAIL cannot write %s\n", path);
        exit(1);
    }
    close(fd);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    uint8_t *d;

    if (fd < 0 || fstat(fd, &st) < 0)
        return NULL;
    d = malloc((size_t)st.st_size);
    if (read(fd, d, (size_t)st.st_size) != st.st_size) {
        free(d);
        d = NULL;
    }
    close(fd);
    *len = (size_t)st.st_size;
    return d;
}

/* Build a program with the cross compiler; skips the test (77) without a toolchain. */
static char *build(const char *src_name, const char *src, const char *out, const char *flags)
{
    char *src_path = tmp_path(src_name), *out_path = tmp_path(out), cmd[1024];

    write_file(src_path, src, strlen(src));
    snprintf(cmd, sizeof(cmd), "riscv64-linux-gnu-gcc %s -o %s %s 2>&1", flags, out_path,
             src_path);
    if (system(cmd) != 0) {
        printf("SKIP: cannot build riscv64 test programs (%s)\n", cmd);
        exit(77);
    }
    free(src_path);
    return out_path;
}

/* Value of the STT_FUNC .symtab symbol name in the ELF at path (independent of symbols.c). */
static uint64_t elf_symbol(const char *path, const char *name)
{
    size_t len;
    uint8_t *d = read_file(path, &len);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)d;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(d + eh->e_shoff);
    uint64_t v = 0;

    for (unsigned i = 0; i < eh->e_shnum && !v; i++) {
        const Elf64_Sym *s = (const Elf64_Sym *)(d + sh[i].sh_offset);
        const char *str = (const char *)(d + sh[sh[i].sh_link].sh_offset);
        if (sh[i].sh_type != SHT_SYMTAB)
            continue;
        for (uint64_t k = 0; k < sh[i].sh_size / sizeof(*s); k++)
            if (ELF64_ST_TYPE(s[k].st_info) == STT_FUNC && !strcmp(str + s[k].st_name, name))
                v = s[k].st_value;
    }
    free(d);
    return v;
}

/* The ELF header and program headers of the file at path. */
static Elf64_Ehdr elf_header(const char *path, Elf64_Phdr *ph, unsigned max)
{
    size_t len;
    uint8_t *d = read_file(path, &len);
    Elf64_Ehdr eh;

    memcpy(&eh, d, sizeof(eh));
    for (unsigned i = 0; i < eh.e_phnum && i < max; i++)
        memcpy(&ph[i], d + eh.e_phoff + i * sizeof(Elf64_Phdr), sizeof(Elf64_Phdr));
    free(d);
    return eh;
}

static uint64_t rd64(struct mem_space *m, gaddr_t a)
{
    uint64_t v = 0;
    CHECK_EQ(mem_copy_from_guest(m, &v, a, 8), 0);
    return v;
}

static uint64_t auxv_get(struct mem_space *m, const struct image_info *info, uint64_t type)
{
    for (gaddr_t a = info->auxv; a < info->auxv_end; a += 16)
        if (rd64(m, a) == type)
            return rd64(m, a + 8);
    printf("FAIL auxv entry %llu missing\n", (unsigned long long)type);
    failures++;
    return 0;
}

/* Check argc/argv/envp/auxv on the initial stack against what was passed. */
static void check_stack(struct mem_space *m, const struct load_params *lp,
                        const struct image_info *info)
{
    gaddr_t sp = info->sp, a, str, prev_end = 0;
    int envc = 0;

    CHECK_EQ(sp % 16, 0);
    CHECK(sp < info->stack_top && sp > info->stack_top - lp->stack_size);
    CHECK_EQ(rd64(m, sp), (uint64_t)lp->argc);
    for (int i = 0; i < lp->argc; i++) {
        str = rd64(m, sp + 8 + 8 * i);
        CHECK(!strcmp(g2h(m, str), lp->argv[i]));
        if (i > 0)
            CHECK_EQ(str, prev_end); /* strings are contiguous, argv[0] lowest */
        prev_end = str + strlen(lp->argv[i]) + 1;
    }
    CHECK_EQ(rd64(m, sp + 8 + 8 * lp->argc), 0);
    a = sp + 8 + 8 * (lp->argc + 1);
    for (; lp->envp[envc]; envc++, a += 8) {
        str = rd64(m, a);
        CHECK(!strcmp(g2h(m, str), lp->envp[envc]));
        CHECK_EQ(str, prev_end);
        prev_end = str + strlen(lp->envp[envc]) + 1;
    }
    CHECK_EQ(rd64(m, a), 0);
    CHECK_EQ(info->auxv, a + 8);
    CHECK_EQ(info->auxv_end - info->auxv, 17 * 16);
    CHECK_EQ(rd64(m, info->auxv_end - 16), AT_NULL);

    CHECK_EQ(auxv_get(m, info, AT_PHDR), info->phdr);
    CHECK_EQ(auxv_get(m, info, AT_PHENT), sizeof(Elf64_Phdr));
    CHECK_EQ(auxv_get(m, info, AT_PHNUM), info->phnum);
    CHECK_EQ(auxv_get(m, info, AT_PAGESZ), 4096);
    CHECK_EQ(auxv_get(m, info, AT_BASE), info->interp_base);
    CHECK_EQ(auxv_get(m, info, AT_FLAGS), 0);
    CHECK_EQ(auxv_get(m, info, AT_ENTRY), info->exe_entry);
    CHECK_EQ(auxv_get(m, info, AT_UID), getuid());
    CHECK_EQ(auxv_get(m, info, AT_EUID), geteuid());
    CHECK_EQ(auxv_get(m, info, AT_GID), getgid());
    CHECK_EQ(auxv_get(m, info, AT_EGID), getegid());
    CHECK_EQ(auxv_get(m, info, AT_SECURE), 0);
    CHECK_EQ(auxv_get(m, info, AT_HWCAP), 0x112d);
    CHECK_EQ(auxv_get(m, info, AT_CLKTCK), 100);
    str = auxv_get(m, info, AT_EXECFN);
    CHECK(!strcmp(g2h(m, str), lp->execfn));
    CHECK_EQ(str, prev_end);
    CHECK_EQ(str + strlen(lp->execfn) + 1 + 8, info->stack_top);
    a = auxv_get(m, info, AT_RANDOM);
    CHECK(a >= info->auxv_end && a + 16 <= rd64(m, sp + 8));
}

static void load(const char *path, const char *sysroot, struct mem_space **m,
                 struct image_info *info, struct load_params *lp, struct symtab **syms)
{
    static char *argv[] = {"prog-name", "first arg", "", "third", NULL};
    static char *envp[] = {"A=1", "PATH=/usr/bin:/bin", "EMPTY=", NULL};

    memset(lp, 0, sizeof(*lp));
    lp->path = path;
    lp->sysroot = sysroot;
    lp->argc = 4;
    lp->argv = argv;
    lp->envp = envp;
    lp->stack_size = 8 << 20;
    lp->execfn = path;
    *m = mem_init();
    *syms = symtab_new();
    loader_load(*m, lp, info, *syms);
}

static bool maps_has(struct mem_space *m, const char *needle)
{
    size_t len;
    char *s = mem_format_maps(m, &len);
    bool r = strstr(s, needle) != NULL;
    if (!r)
        printf("maps without \"%s\":\n%s", needle, s);
    free(s);
    return r;
}

static void test_static(const char *path)
{
    struct mem_space *m;
    struct image_info info;
    struct load_params lp;
    struct symtab *syms;
    Elf64_Phdr ph[32];
    Elf64_Ehdr eh = elf_header(path, ph, 32);
    uint64_t main_addr = elf_symbol(path, "main"), end = 0;
    char real[PATH_MAX];

    load(path, SYSROOT, &m, &info, &lp, &syms);
    CHECK_EQ(info.entry, eh.e_entry);
    CHECK_EQ(info.exe_entry, eh.e_entry);
    CHECK_EQ(info.load_bias, 0);
    CHECK_EQ(info.interp_base, 0);
    CHECK(info.interp_path == NULL);
    CHECK_EQ(info.phnum, eh.e_phnum);
    CHECK_EQ(info.phdr, 0x10000 + eh.e_phoff);
    CHECK_EQ(info.stack_top, GUEST_SPACE);
    CHECK_EQ(info.start_code, 0x10000);
    for (unsigned i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_vaddr + ph[i].p_memsz > end)
            end = ph[i].p_vaddr + ph[i].p_memsz;
    CHECK_EQ(info.brk, (end + PG - 1) & ~(PG - 1));
    CHECK_EQ(mem_brk(m, 0), info.brk);
    CHECK(realpath(path, real) && !strcmp(info.exe_path, real));
    CHECK_EQ(mem_page_flags(m, info.entry), PAGE_VALID | PAGE_READ | PAGE_EXEC | PAGE_FILE);
    CHECK(maps_has(m, real));
    CHECK(maps_has(m, "[stack]"));
    check_stack(m, &lp, &info);
    CHECK(main_addr != 0);
    CHECK(symtab_lookup(syms, main_addr) && !strcmp(symtab_lookup(syms, main_addr), "main"));
    CHECK(symtab_lookup(syms, main_addr + 4) &&
          !strcmp(symtab_lookup(syms, main_addr + 4), "main"));
    CHECK(symtab_lookup(syms, 0x5000) == NULL);
    CHECK(symtab_lookup(syms, GUEST_SPACE - 8) == NULL);
}

static void test_dynamic(const char *path)
{
    struct mem_space *m;
    struct image_info info;
    struct load_params lp;
    struct symtab *syms;
    Elf64_Phdr ph[32], lph[32];
    Elf64_Ehdr eh = elf_header(path, ph, 32), leh = elf_header(LDSO, lph, 32);
    uint64_t main_addr = elf_symbol(path, "main"), phdr_vaddr = 0, ld_span = 0;

    load(path, SYSROOT, &m, &info, &lp, &syms);
    CHECK_EQ(eh.e_type, ET_DYN);
    CHECK_EQ(info.load_bias, 0x2aaaaaa000ull);
    CHECK_EQ(info.exe_entry, eh.e_entry + 0x2aaaaaa000ull);
    CHECK(info.interp_path && !strcmp(info.interp_path, LDSO));
    for (unsigned i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_PHDR)
            phdr_vaddr = ph[i].p_vaddr;
    CHECK_EQ(info.phdr, 0x2aaaaaa000ull + phdr_vaddr);
    for (unsigned i = 0; i < leh.e_phnum; i++)
        if (lph[i].p_type == PT_LOAD)
            ld_span = (lph[i].p_vaddr + lph[i].p_memsz + PG - 1) & ~(PG - 1);
    /* The interpreter sits top-down just below mmap_base (128 MiB below the stack top). */
    CHECK_EQ(info.interp_base, GUEST_SPACE - (128ull << 20) - ld_span);
    CHECK_EQ(info.entry, leh.e_entry + info.interp_base);
    CHECK_EQ(mem_page_flags(m, info.entry) & PAGE_EXEC, PAGE_EXEC);
    CHECK(maps_has(m, LDSO));
    check_stack(m, &lp, &info);
    CHECK(symtab_lookup(syms, 0x2aaaaaa000ull + main_addr) &&
          !strcmp(symtab_lookup(syms, 0x2aaaaaa000ull + main_addr), "main"));
    CHECK(symtab_lookup(syms, main_addr) == NULL);
}

static void test_tiny(const char *path, const char *pie_path, const char *execstack_path)
{
    struct mem_space *m;
    struct image_info info;
    struct load_params lp;
    struct symtab *syms;
    Elf64_Phdr ph[16];
    Elf64_Ehdr eh = elf_header(path, ph, 16);
    const Elf64_Phdr *data = NULL;
    uint64_t func = elf_symbol(path, "tiny_func");
    gaddr_t a, file_end, mem_end;
    bool zero = true;

    load(path, SYSROOT, &m, &info, &lp, &syms);
    for (unsigned i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_W))
            data = &ph[i];
    CHECK(data != NULL);
    if (data) {
        file_end = data->p_vaddr + data->p_filesz;
        mem_end = data->p_vaddr + data->p_memsz;
        CHECK_EQ(rd64(m, data->p_vaddr), 0x1122334455667788ull);
        /* The rest of the last file page and the bss read as zero, though the file has
         * other bytes there. */
        for (a = file_end; a < ((mem_end + PG - 1) & ~(PG - 1)); a++)
            zero = zero && *(uint8_t *)g2h(m, a) == 0;
        CHECK(zero);
        CHECK_EQ(mem_page_flags(m, mem_end - 1), PAGE_VALID | PAGE_READ | PAGE_WRITE);
        CHECK_EQ(mem_page_flags(m, (mem_end + PG - 1) & ~(PG - 1)), 0);
        CHECK_EQ(info.brk, (mem_end + PG - 1) & ~(PG - 1));
        CHECK_EQ(info.end_data, file_end);
    }
    CHECK_EQ(mem_page_flags(m, GUEST_SPACE - 8), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    CHECK(symtab_lookup(syms, func + 2) && !strcmp(symtab_lookup(syms, func + 2), "tiny_func"));
    CHECK(symtab_lookup(syms, func) && !strcmp(symtab_lookup(syms, func), "tiny_func"));
    CHECK(symtab_lookup(syms, info.entry) && !strcmp(symtab_lookup(syms, info.entry), "_start"));
    for (unsigned i = 0; i < eh.e_phnum; i++)
        if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X))
            CHECK_EQ(info.end_code, ph[i].p_vaddr + ph[i].p_filesz);

    /* Static PIE: no interpreter, placed top-down below mmap_base. */
    eh = elf_header(pie_path, ph, 16);
    load(pie_path, SYSROOT, &m, &info, &lp, &syms);
    CHECK_EQ(eh.e_type, ET_DYN);
    CHECK(info.interp_path == NULL);
    CHECK_EQ(info.interp_base, 0);
    CHECK_EQ(info.load_bias % PG, 0);
    CHECK(info.load_bias > 0x3f00000000ull && info.load_bias < GUEST_SPACE - (128ull << 20));
    CHECK_EQ(info.entry, eh.e_entry + info.load_bias);
    CHECK_EQ(info.entry, info.exe_entry);
    check_stack(m, &lp, &info);
    CHECK(symtab_lookup(syms, info.entry) && !strcmp(symtab_lookup(syms, info.entry), "_start"));

    /* The interpreter run as the program (ET_DYN without PT_INTERP). */
    load(LDSO, SYSROOT, &m, &info, &lp, &syms);
    CHECK(info.interp_path == NULL);
    CHECK(info.load_bias > 0x3f00000000ull);
    CHECK(maps_has(m, LDSO));

    /* PT_GNU_STACK with PF_X gives an executable stack. */
    load(execstack_path, SYSROOT, &m, &info, &lp, &syms);
    CHECK_EQ(mem_page_flags(m, info.sp), PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);
}

/* Run fn(arg) in a child with stderr captured; returns the wait status. */
static int run_child(void (*fn)(const void *), const void *arg, char *err, size_t errsz)
{
    int pfd[2], status;
    size_t n = 0;
    ssize_t r;
    pid_t pid;

    if (pipe(pfd) < 0)
        exit(1);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(pfd[1], 2);
        dup2(null, 1);
        close(pfd[0]);
        fn(arg);
        _exit(0);
    }
    close(pfd[1]);
    while ((r = read(pfd[0], err + n, errsz - 1 - n)) > 0)
        n += (size_t)r;
    err[n] = 0;
    close(pfd[0]);
    waitpid(pid, &status, 0);
    return status;
}

struct load_job {
    const char *path;
    const char *sysroot;
    uint64_t stack_size;
    const char *big_arg;
};

static void child_load(const void *arg)
{
    const struct load_job *j = arg;
    char *argv[] = {(char *)j->path, (char *)(j->big_arg ? j->big_arg : "x"), NULL};
    char *envp[] = {"A=1", NULL};
    struct load_params lp = {.path = j->path,
                             .sysroot = j->sysroot,
                             .argc = 2,
                             .argv = argv,
                             .envp = envp,
                             .stack_size = j->stack_size ? j->stack_size : 8 << 20,
                             .execfn = j->path};
    struct image_info info;

    loader_load(mem_init(), &lp, &info, symtab_new());
}

static void child_check(const void *arg)
{
    const char *err = loader_check_file(arg);
    _exit(err ? 2 : 0);
}

/* Load in a child expecting exit 1 with one line containing want; returns the line. */
static void expect_die(const struct load_job *j, const char *want)
{
    char err[4096];
    int st = run_child(child_load, j, err, sizeof(err));
    char *nl = strchr(err, '\n');

    if (!WIFEXITED(st) || WEXITSTATUS(st) != 1 || !nl || nl[1] != 0 ||
        strncmp(err, "plume: ", 7) != 0 || !strstr(err, want)) {
        printf("FAIL loading %s: status 0x%x, stderr \"%s\", wanted \"%s\"\n", j->path, st, err,
               want);
        failures++;
    }
}

static void test_errors(const char *tiny, const char *dynamic)
{
    char *p, *x86 = NULL, msg[512];
    struct load_job j = {.sysroot = SYSROOT};
    const char *candidates[] = {"/bin/true", "/usr/bin/true", "/bin/sh"};
    size_t len;
    uint8_t *d;

    j.path = "/nonexistent/prog";
    expect_die(&j, "plume: /nonexistent/prog: No such file or directory");
    j.path = "/";
    expect_die(&j, ": is a directory");
    j.path = "/dev/null";
    expect_die(&j, ": not a regular file");
    p = tmp_path("empty");
    write_file(p, "", 0);
    j.path = p;
    expect_die(&j, ": not an ELF file");
    CHECK(loader_check_file(p) && !strcmp(loader_check_file(p), "not an ELF file"));
    p = tmp_path("script");
    write_file(p, "#!/bin/sh\necho hi\n", 18);
    j.path = p;
    expect_die(&j, ": not an ELF file");
    for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]) && !x86; i++)
        if (access(candidates[i], R_OK) == 0)
            x86 = (char *)candidates[i];
    if (x86) {
        j.path = x86;
        snprintf(msg, sizeof(msg), "plume: %s: ELF for machine x86-64 (62), not riscv64", x86);
        expect_die(&j, msg);
        CHECK(!strcmp(loader_check_file(x86), "ELF for machine x86-64 (62), not riscv64"));
    }
    CHECK(loader_check_file(tiny) == NULL);
    CHECK(loader_check_file(dynamic) == NULL);

    /* Interpreter missing (no such sysroot, not on the host either). */
    j.path = dynamic;
    j.sysroot = "/nonexistent-sysroot";
    expect_die(&j, "interpreter /lib/ld-linux-riscv64-lp64d.so.1 not found "
                   "(sysroot /nonexistent-sysroot)");
    j.sysroot = SYSROOT;

    /* Interpreter that is not a valid riscv64 ELF: point PT_INTERP at another path. */
    d = read_file(dynamic, &len);
    {
        const Elf64_Ehdr *eh = (const Elf64_Ehdr *)d;
        Elf64_Phdr *ph = (Elf64_Phdr *)(d + eh->e_phoff);
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            if (ph[i].p_type != PT_INTERP)
                continue;
            /* "/lib/ld-linux-riscv64-lp64d.so.1" -> "/lib/ld-linux-riscv64-lp64d.so.X" */
            d[ph[i].p_offset + ph[i].p_filesz - 2] = 'X';
            p = tmp_path("bad-interp-name");
            write_file(p, d, len);
            j.path = p;
            expect_die(&j, "interpreter /lib/ld-linux-riscv64-lp64d.so.X not found (sysroot "
                           SYSROOT ")");
        }
    }
    free(d);
    p = tmp_path("lib");
    mkdir(p, 0755);
    p = tmp_path("lib/ld-linux-riscv64-lp64d.so.1");
    write_file(p, "garbage", 7);
    j.path = dynamic;
    j.sysroot = tmpdir;
    snprintf(msg, sizeof(msg), "interpreter %s: not an ELF file", p);
    expect_die(&j, msg);
    j.sysroot = SYSROOT;

    /* Arguments that do not fit in the stack; absurd stack sizes. */
    {
        char *big = malloc(40000);
        memset(big, 'a', 39999);
        big[39999] = 0;
        j.path = tiny;
        j.stack_size = 64 << 10;
        j.big_arg = big;
        expect_die(&j, "argument list too long");
        j.big_arg = NULL;
        j.stack_size = 1ull << 40;
        expect_die(&j, "stack size");
        j.stack_size = 0;
        free(big);
    }
}

/* Load every corrupt variant of base_path in children: clear failure, success, or (where Linux
 * does so) death by SIGSEGV; never a crash. */
static void test_corrupt(const char *base_path, const char *tag)
{
    size_t len, n_fail = 0, n_ok = 0;
    uint8_t *base = read_file(base_path, &len);
    struct elf_variant_list l = elf_corrupt_variants(base, len);
    char err[4096];

    for (size_t i = 0; i < l.n; i++) {
        char name[128], *p;
        struct load_job j = {.sysroot = SYSROOT};
        int st_check, st_load;
        char *nl;

        snprintf(name, sizeof(name), "%s-%zu", tag, i);
        p = tmp_path(name);
        write_file(p, l.v[i].data, l.v[i].len);
        j.path = p;
        st_check = run_child(child_check, p, err, sizeof(err));
        if (!WIFEXITED(st_check) || (WEXITSTATUS(st_check) != 0 && WEXITSTATUS(st_check) != 2)) {
            printf("FAIL %s (%s): loader_check_file crashed (status 0x%x)\n", name,
                   l.v[i].name, st_check);
            failures++;
        }
        st_load = run_child(child_load, &j, err, sizeof(err));
        nl = strchr(err, '\n');
        if (WIFEXITED(st_load) && WEXITSTATUS(st_load) == 0 && err[0] == 0) {
            n_ok++;
            if (getenv("PLUME_TEST_VERBOSE"))
                printf("# loaded: %s\n", l.v[i].name);
            if (WIFEXITED(st_check) && WEXITSTATUS(st_check) == 2) {
                printf("FAIL %s (%s): check_file rejected it but it loaded\n", name,
                       l.v[i].name);
                failures++;
            }
        } else if (WIFEXITED(st_load) && WEXITSTATUS(st_load) == 1 && nl && nl[1] == 0 &&
                   !strncmp(err, "plume: ", 7) && strstr(err, p)) {
            n_fail++;
        } else if (WIFSIGNALED(st_load) && WTERMSIG(st_load) == SIGSEGV && err[0] == 0 &&
                   elf_bss_page_beyond_eof(l.v[i].data, l.v[i].len)) {
            n_fail++;
        } else {
            printf("FAIL %s (%s): load status 0x%x, stderr \"%s\"\n", name, l.v[i].name,
                   st_load, err);
            failures++;
        }
        unlink(p);
        free(p);
        free(l.v[i].data);
    }
    printf("# %s: %zu corrupt variants, %zu rejected, %zu loaded\n", tag, l.n, n_fail, n_ok);
    free(l.v);
    free(base);
}

/* Exact messages for a few specific corruptions. */
static void test_messages(const char *tiny)
{
    size_t len;
    uint8_t *base = read_file(tiny, &len), *d = malloc(len);
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    char *p = tmp_path("msg");
    struct load_job j = {.path = p, .sysroot = SYSROOT};
    static const struct {
        size_t off;
        unsigned sz;
        uint64_t val;
        const char *want;
    } cases[] = {
        {EI_CLASS, 1, ELFCLASS32, "32-bit RISC-V ELF (riscv32), not riscv64"},
        {EI_DATA, 1, ELFDATA2MSB, "big-endian ELF, not riscv64"},
        {18, 2, EM_X86_64, "ELF for machine x86-64 (62), not riscv64"},
        {18, 2, EM_AARCH64, "ELF for machine AArch64 (183), not riscv64"},
        {16, 2, ET_REL, "relocatable object (ET_REL), not an executable"},
        {54, 2, 40, "bad program header entry size"},
        {56, 2, 0, "no program headers"},
        {32, 8, 1ull << 40, "program headers beyond the end of the file"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[512];
        memcpy(d, base, len);
        ecv_set(d, len, cases[i].off, cases[i].sz, cases[i].val);
        write_file(p, d, len);
        snprintf(want, sizeof(want), "plume: %s: %s\n", p, cases[i].want);
        expect_die(&j, want);
        CHECK(loader_check_file(p) && !strcmp(loader_check_file(p), cases[i].want));
    }
    /* Segment problems, on the first PT_LOAD. */
    {
        size_t o = eh->e_phoff;
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + o);
        while (ph->p_type != PT_LOAD) {
            ph++;
            o += sizeof(*ph);
        }
        static const char *const wants[] = {
            "segment file size larger than its memory size",
            "segment file offset out of range",
            "segment misaligned (p_vaddr and p_offset differ modulo the page size)",
            "segment beyond the guest address space",
        };
        for (unsigned k = 0; k < 4; k++) {
            char want[512];
            memcpy(d, base, len);
            if (k == 0)
                ecv_set(d, len, o + offsetof(Elf64_Phdr, p_filesz), 8, ph->p_memsz + 1);
            if (k == 1)
                ecv_set(d, len, o + offsetof(Elf64_Phdr, p_offset), 8, 1ull << 63);
            if (k == 2)
                ecv_set(d, len, o + offsetof(Elf64_Phdr, p_vaddr), 8, ph->p_vaddr + 8);
            if (k == 3)
                ecv_set(d, len, o + offsetof(Elf64_Phdr, p_vaddr), 8, 1ull << 38);
            write_file(p, d, len);
            snprintf(want, sizeof(want), "plume: %s: %s\n", p, wants[k]);
            expect_die(&j, want);
        }
    }
    free(d);
    free(base);
    unlink(p);
}

int main(void)
{
    char *st, *dyn, *tiny, *pie, *xstack, cmd[300];

    if (!mkdtemp(tmp_template(tmpdir, sizeof(tmpdir), "/tmp/plume_test_loader_"))) {
        printf("FAIL mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    st = build("hello.c", hello_c, "static", "-static -O1");
    dyn = build("hello2.c", hello_c, "dynamic", "-O1");
    tiny = build("tiny.S", tiny_s, "tiny", "-nostdlib -static");
    pie = build("tiny2.S", tiny_s, "tinypie", "-nostdlib -static-pie -fPIE "
                                              "-Wl,--no-dynamic-linker");
    xstack = build("tiny3.S", tiny_s, "tinyxstack", "-nostdlib -static -Wl,-z,execstack");

    test_static(st);
    test_dynamic(dyn);
    test_tiny(tiny, pie, xstack);
    test_errors(tiny, dyn);
    test_messages(tiny);
    test_corrupt(tiny, "tiny");
    test_corrupt(dyn, "dyn");

    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        printf("warning: could not remove %s\n", tmpdir);
    return test_summary();
}
