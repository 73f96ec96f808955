/*
 * elf.c — loading a riscv64 ELF executable and its PT_INTERP into the guest address space, the
 * way Linux's binfmt_elf does without address randomisation.
 *
 * Steps: validate the main file and its interpreter completely (nothing is mapped before both
 * are known to be sane), map the stack (which fixes mmap_base), map the main program (ET_EXEC at
 * its addresses; a PIE with an interpreter at ELF_ET_DYN_BASE; a static PIE or a directly run
 * ld.so top-down in the mmap area), map the interpreter in the mmap area, set the program break
 * after the main program's bss, and build the initial stack (stack.c).
 *
 * Segments are mapped in program-header order, each replacing whatever an earlier one put on
 * the pages it covers, exactly as Linux's elf_load: the file part is a private host mapping of
 * whole file pages (so /proc/self/maps shows the file), also where they run past the end of the
 * file (the guest gets SIGBUS only when it touches such a page); when p_memsz > p_filesz, the
 * rest of the last file page is zeroed only if the segment is writable (Linux's clear_user fails
 * silently on a read-only page; on a writable one whose last file page lies beyond the end of the
 * file it fails and Linux kills the process with SIGSEGV, and so does plume), and the whole
 * bss pages after it are anonymous read-write pages (executable too if the segment is), made
 * as Linux's vm_brk_flags makes them (mem_map_bss). A segment without file bytes is anonymous
 * from the start of its first page. So segments may share a page or overlap: the later one
 * wins on the pages it maps, and the bss zeroing of an earlier segment happens before a later
 * one maps a shared page. Pages of the image span that no segment covers are left unmapped.
 *
 * Every problem with the input is reported through die() as one line naming the file; nothing
 * in a corrupt file can make the loader read outside what it read from the file.
 *
 * Threading: main thread, before any vCPU. No state outside the caller's structures.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_priv.h"

/* A validated ELF file, still open. */
struct elf_image {
    const char *path; /* host path it was opened as */
    int fd;
    uint64_t size;
    Elf64_Ehdr eh;
    Elf64_Phdr *ph;      /* e_phnum entries (malloc'd) */
    char *interp;        /* PT_INTERP string (malloc'd) or NULL */
    bool exec_stack;     /* PT_GNU_STACK with PF_X */
    gaddr_t lo, hi;      /* page range covered by the PT_LOAD segments, before the bias */
    gaddr_t first_vaddr; /* p_vaddr of the first PT_LOAD */
    uint64_t align;      /* largest PT_LOAD p_align (a power of two, at least a page) */
};

static const struct {
    uint16_t machine;
    const char *msg;
} elf_machine_msgs[] = {
    {EM_NONE, "ELF for no machine (0), not riscv64"},
    {EM_SPARC, "ELF for machine SPARC (2), not riscv64"},
    {EM_386, "ELF for machine Intel 80386 (3), not riscv64"},
    {EM_68K, "ELF for machine m68k (4), not riscv64"},
    {EM_MIPS, "ELF for machine MIPS (8), not riscv64"},
    {EM_PARISC, "ELF for machine PA-RISC (15), not riscv64"},
    {EM_PPC, "ELF for machine PowerPC (20), not riscv64"},
    {EM_PPC64, "ELF for machine PowerPC64 (21), not riscv64"},
    {EM_S390, "ELF for machine S/390 (22), not riscv64"},
    {EM_ARM, "ELF for machine ARM (40), not riscv64"},
    {EM_SH, "ELF for machine SuperH (42), not riscv64"},
    {EM_SPARCV9, "ELF for machine SPARC V9 (43), not riscv64"},
    {EM_IA_64, "ELF for machine IA-64 (50), not riscv64"},
    {EM_X86_64, "ELF for machine x86-64 (62), not riscv64"},
    {EM_AARCH64, "ELF for machine AArch64 (183), not riscv64"},
    {258, "ELF for machine LoongArch (258), not riscv64"},
};

static const char *elf_machine_error(uint16_t machine)
{
    for (size_t i = 0; i < ARRAY_SIZE(elf_machine_msgs); i++)
        if (elf_machine_msgs[i].machine == machine)
            return elf_machine_msgs[i].msg;
    return "ELF for another machine, not riscv64";
}

static uint64_t page_down(uint64_t x)
{
    return x & GUEST_PAGE_MASK;
}

static uint64_t page_up(uint64_t x)
{
    return (x + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
}

static void elf_close(struct elf_image *e)
{
    if (e->fd >= 0)
        close(e->fd);
    e->fd = -1;
    free(e->ph);
    e->ph = NULL;
    free(e->interp);
    e->interp = NULL;
}

/* Read exactly len bytes at off; false on a short read or error. */
static bool elf_pread(int fd, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* Check the ELF header (already read: n bytes of it are valid). */
static const char *elf_check_header(const unsigned char *raw, size_t n, const Elf64_Ehdr *eh)
{
    uint16_t machine;

    if (n < SELFMAG || memcmp(raw, ELFMAG, SELFMAG) != 0)
        return "not an ELF file";
    if (n < 20)
        return "truncated ELF header";
    if (raw[EI_CLASS] != ELFCLASS32 && raw[EI_CLASS] != ELFCLASS64)
        return "bad ELF class";
    if (raw[EI_DATA] == ELFDATA2MSB)
        return "big-endian ELF, not riscv64";
    if (raw[EI_DATA] != ELFDATA2LSB)
        return "bad ELF data encoding";
    machine = (uint16_t)(raw[18] | raw[19] << 8);
    if (machine != EM_RISCV)
        return elf_machine_error(machine);
    if (raw[EI_CLASS] == ELFCLASS32)
        return "32-bit RISC-V ELF (riscv32), not riscv64";
    if (n < sizeof(Elf64_Ehdr))
        return "truncated ELF header";
    if (raw[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return "bad ELF version";
    if (eh->e_type == ET_REL)
        return "relocatable object (ET_REL), not an executable";
    if (eh->e_type == ET_CORE)
        return "core dump (ET_CORE), not an executable";
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return "not an executable (bad ELF type)";
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return "bad program header entry size";
    if (eh->e_phnum == 0)
        return "no program headers";
    if ((uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > 65536)
        return "too many program headers";
    return NULL;
}

/*
 * Check one PT_LOAD segment against the guest space. p_offset matters only when there are file
 * bytes (Linux maps nothing from the file otherwise); file bytes past the end of the file are
 * mapped as Linux maps them (the guest gets SIGBUS on those pages), but the offsets must be
 * valid mmap offsets; an alignment that is not a power of two is ignored, as Linux's
 * maximum_alignment does.
 */
static const char *elf_check_load(const Elf64_Phdr *ph)
{
    if (ph->p_filesz > ph->p_memsz)
        return "segment file size larger than its memory size";
    if (ph->p_filesz && (ph->p_offset > INT64_MAX || ph->p_filesz > INT64_MAX - ph->p_offset))
        return "segment file offset out of range";
    if (ph->p_filesz && (ph->p_vaddr - ph->p_offset) % GUEST_PAGE_SIZE != 0)
        return "segment misaligned (p_vaddr and p_offset differ modulo the page size)";
    if (ph->p_vaddr >= GUEST_SPACE || ph->p_memsz > GUEST_SPACE - ph->p_vaddr)
        return "segment beyond the guest address space";
    return NULL;
}

/*
 * Check the program headers and collect what loading needs. PT_LOADs may come in any order and
 * overlap (Linux maps them in order); lo and hi bound the pages of those with a memory size.
 */
static const char *elf_check_phdrs(struct elf_image *e)
{
    bool any_load = false, seen_load = false;
    const char *err;

    e->lo = GUEST_SPACE;
    e->hi = 0;
    e->align = GUEST_PAGE_SIZE;
    for (unsigned i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &e->ph[i];

        if (ph->p_type == PT_GNU_STACK)
            e->exec_stack = (ph->p_flags & PF_X) != 0;
        if (ph->p_type == PT_INTERP && !e->interp) {
            if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX)
                return "bad PT_INTERP size";
            if (ph->p_offset > e->size || ph->p_filesz > e->size - ph->p_offset)
                return "PT_INTERP beyond the end of the file";
            e->interp = xmalloc(ph->p_filesz);
            if (!elf_pread(e->fd, e->interp, ph->p_filesz, ph->p_offset))
                return "cannot read PT_INTERP";
            if (e->interp[ph->p_filesz - 1] != 0 || strlen(e->interp) != ph->p_filesz - 1)
                return "PT_INTERP is not a NUL-terminated path";
        }
        if (ph->p_type != PT_LOAD)
            continue;
        if (!seen_load)
            e->first_vaddr = ph->p_vaddr;
        seen_load = true;
        err = elf_check_load(ph);
        if (err)
            return err;
        if (ph->p_align > e->align && !(ph->p_align & (ph->p_align - 1)))
            e->align = ph->p_align;
        if (ph->p_memsz == 0)
            continue;
        any_load = true;
        if (page_down(ph->p_vaddr) < e->lo)
            e->lo = page_down(ph->p_vaddr);
        if (page_up(ph->p_vaddr + ph->p_memsz) > e->hi)
            e->hi = page_up(ph->p_vaddr + ph->p_memsz);
    }
    if (!any_load)
        return "no loadable segments";
    if (e->hi > GUEST_SPACE)
        return "segment beyond the guest address space";
    if (e->eh.e_type == ET_EXEC && e->lo < 0x1000)
        return "segment below the lowest mappable address (0x1000)";
    if (e->align > GUEST_SPACE / 4)
        return "segment alignment larger than the guest address space allows";
    return NULL;
}

/*
 * Open and validate path. Returns NULL (e is then open) or a static error text (e closed).
 * Errors from the host are strerror texts.
 */
static const char *elf_open(const char *path, struct elf_image *e)
{
    unsigned char raw[sizeof(Elf64_Ehdr)];
    const char *err;
    struct stat st;
    ssize_t n;

    memset(e, 0, sizeof(*e));
    e->path = path;
    e->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0)
        return strerror(errno);
    if (fstat(e->fd, &st) < 0) {
        err = strerror(errno);
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        err = "is a directory";
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        err = "not a regular file";
        goto fail;
    }
    e->size = (uint64_t)st.st_size;
    do
        n = pread(e->fd, raw, sizeof(raw), 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        err = strerror(errno);
        goto fail;
    }
    memcpy(&e->eh, raw, sizeof(raw));
    err = elf_check_header(raw, (size_t)n, &e->eh);
    if (err)
        goto fail;
    if (e->eh.e_phoff > e->size ||
        (uint64_t)e->eh.e_phnum * sizeof(Elf64_Phdr) > e->size - e->eh.e_phoff) {
        err = "program headers beyond the end of the file";
        goto fail;
    }
    e->ph = xmalloc((size_t)e->eh.e_phnum * sizeof(Elf64_Phdr));
    if (!elf_pread(e->fd, e->ph, (size_t)e->eh.e_phnum * sizeof(Elf64_Phdr), e->eh.e_phoff)) {
        err = "cannot read the program headers";
        goto fail;
    }
    err = elf_check_phdrs(e);
    if (err)
        goto fail;
    return NULL;
fail:
    elf_close(e);
    return err;
}

const char *loader_check_file(const char *path)
{
    struct elf_image e;
    const char *err = elf_open(path, &e);

    if (!err)
        elf_close(&e);
    return err;
}

static int elf_guest_prot(uint32_t p_flags)
{
    return (p_flags & PF_R ? PROT_READ : 0) | (p_flags & PF_W ? PROT_WRITE : 0) |
           (p_flags & PF_X ? PROT_EXEC : 0);
}

/* End the process as Linux ends an exec that failed after its point of no return: killed by
 * SIGSEGV, without a core and without a message. */
static NORETURN void elf_kill_segv(void)
{
    struct sigaction sa;
    struct rlimit nocore = {0, 0};
    sigset_t set;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(SIGSEGV, &sa, NULL);
    setrlimit(RLIMIT_CORE, &nocore);
    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGSEGV);
    _exit(128 + SIGSEGV);
}

/* Map one PT_LOAD segment of e at bias, over whatever is mapped there (Linux's elf_load). */
static void elf_map_segment(struct mem_space *m, const struct elf_image *e, const Elf64_Phdr *ph,
                            gaddr_t bias)
{
    gaddr_t vaddr = ph->p_vaddr + bias, start = page_down(vaddr);
    gaddr_t file_end = vaddr + ph->p_filesz, mem_end = vaddr + ph->p_memsz;
    gaddr_t bss_start = start;
    int prot = elf_guest_prot(ph->p_flags);
    int64_t r;

    if (ph->p_filesz) {
        bss_start = page_up(file_end);
        r = mem_mmap(m, start, bss_start - start, prot, MAP_PRIVATE | MAP_FIXED, e->fd,
                     ph->p_offset - (vaddr - start));
        if (r < 0)
            die("%s: cannot map segment at 0x%llx: %s", e->path, (unsigned long long)start,
                strerror((int)-r));
        if (ph->p_memsz > ph->p_filesz && (prot & PROT_WRITE) && bss_start > file_end) {
            /* Linux's padzero faults on a last file page beyond the end of the file; for a
             * writable segment the exec then fails past its point of no return. */
            if (page_down(ph->p_offset + ph->p_filesz) >= page_up(e->size))
                elf_kill_segv();
            memset(g2h(m, file_end), 0, bss_start - file_end);
        }
    }
    if (ph->p_memsz > ph->p_filesz && page_up(mem_end) > bss_start) {
        r = mem_map_bss(m, bss_start, page_up(mem_end) - bss_start, prot & PROT_EXEC);
        if (r < 0)
            die("%s: cannot map bss at 0x%llx: %s", e->path, (unsigned long long)bss_start,
                strerror((int)-r));
    }
}

/*
 * Unmap the pages of [base, end) that no segment covers, as Linux leaves them. Segments may come
 * in any order: from a, skip to the end of the segments covering a, or unmap up to the next
 * segment start.
 */
static void elf_unmap_holes(struct mem_space *m, const struct elf_image *e, gaddr_t bias,
                            gaddr_t base, gaddr_t end)
{
    gaddr_t a = base;

    while (a < end) {
        gaddr_t next = end, cover_end = 0;

        for (unsigned i = 0; i < e->eh.e_phnum; i++) {
            const Elf64_Phdr *ph = &e->ph[i];
            gaddr_t s, t;
            if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
                continue;
            s = page_down(ph->p_vaddr + bias);
            t = page_up(ph->p_vaddr + bias + ph->p_memsz);
            if (s <= a && a < t && t > cover_end)
                cover_end = t;
            else if (s > a && s < next)
                next = s;
        }
        if (cover_end) {
            a = cover_end;
            continue;
        }
        mem_munmap(m, a, next - a);
        a = next;
    }
}

/*
 * Map every PT_LOAD of e and return the load bias. at_dyn_base: a PIE main program with an
 * interpreter (placed at ELF_ET_DYN_BASE); other ET_DYN files go top-down in the mmap area.
 */
static gaddr_t elf_map_image(struct mem_space *m, const struct elf_image *e, bool at_dyn_base)
{
    uint64_t span = e->hi - e->lo;
    gaddr_t bias = 0, base;
    int64_t r;

    if (e->eh.e_type == ET_EXEC) {
        base = e->lo;
        r = mem_mmap(m, base, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                     -1, 0);
    } else if (at_dyn_base) {
        /* Linux: ELF_ET_DYN_BASE aligned to the largest p_align, minus the first vaddr. */
        bias = page_down((LOADER_ET_DYN_BASE & ~(e->align - 1)) - e->first_vaddr);
        base = e->lo + bias;
        if (e->first_vaddr > LOADER_ET_DYN_BASE || base + span > GUEST_SPACE)
            r = -ENOMEM;
        else
            r = mem_mmap(m, base, span, PROT_NONE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    } else {
        /* Reserve span plus alignment slack top-down, keep the aligned part at its top. */
        uint64_t slack = e->align - GUEST_PAGE_SIZE;
        r = mem_mmap(m, 0, span + slack, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (r >= 0) {
            base = (r + slack) & ~(e->align - 1);
            if (base > (gaddr_t)r)
                mem_munmap(m, r, base - r);
            if (base + span < r + span + slack)
                mem_munmap(m, base + span, r + span + slack - (base + span));
            r = base;
            bias = base - e->lo;
        }
    }
    if (r == -EEXIST)
        die("%s: segments overlap the stack or another mapping", e->path);
    if (r < 0)
        die("%s: no room for the program in the guest address space", e->path);
    base = r;
    for (unsigned i = 0; i < e->eh.e_phnum; i++)
        if (e->ph[i].p_type == PT_LOAD && e->ph[i].p_memsz)
            elf_map_segment(m, e, &e->ph[i], bias);
    elf_unmap_holes(m, e, bias, base, base + span);
    return bias;
}

/*
 * Guest address of the program headers (AT_PHDR), as Linux computes it: inside the last PT_LOAD
 * whose file bytes hold e_phoff; PT_PHDR is not consulted. 0 + bias when no segment holds them.
 */
static gaddr_t elf_phdr_addr(const struct elf_image *e, gaddr_t bias)
{
    gaddr_t a = 0;

    for (unsigned i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &e->ph[i];
        if (ph->p_type == PT_LOAD && ph->p_offset <= e->eh.e_phoff &&
            e->eh.e_phoff - ph->p_offset < ph->p_filesz)
            a = e->eh.e_phoff - ph->p_offset + ph->p_vaddr;
    }
    return a + bias;
}

/* Code/data/brk facts of the main program, as Linux's load_elf_binary computes them (over every
 * PT_LOAD, empty ones included). */
static void elf_image_facts(const struct elf_image *e, gaddr_t bias, struct image_info *info)
{
    gaddr_t start_code = ~0ull, end_code = 0, start_data = 0, end_data = 0, brk = 0;

    for (unsigned i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &e->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if ((ph->p_flags & PF_X) && ph->p_vaddr < start_code)
            start_code = ph->p_vaddr;
        if (ph->p_vaddr > start_data)
            start_data = ph->p_vaddr;
        if ((ph->p_flags & PF_X) && ph->p_vaddr + ph->p_filesz > end_code)
            end_code = ph->p_vaddr + ph->p_filesz;
        if (ph->p_vaddr + ph->p_filesz > end_data)
            end_data = ph->p_vaddr + ph->p_filesz;
        if (ph->p_vaddr + ph->p_memsz > brk)
            brk = ph->p_vaddr + ph->p_memsz;
    }
    if (start_code == ~0ull)
        start_code = end_code = 0;
    else {
        start_code += bias;
        end_code += bias;
    }
    info->start_code = start_code;
    info->end_code = end_code;
    info->start_data = start_data + bias;
    info->end_data = end_data + bias;
    info->brk = page_up(brk + bias);
}

/* Host path of the interpreter: <sysroot><interp> if it exists, else the plain path. */
static char *elf_find_interp(const char *prog, const char *interp, const char *sysroot)
{
    if (sysroot && *sysroot) {
        size_t n = strlen(sysroot) + strlen(interp) + 1;
        char *p = xmalloc(n);
        strcpy(p, sysroot);
        strcat(p, interp);
        if (access(p, F_OK) == 0)
            return p;
        free(p);
    }
    if (access(interp, F_OK) == 0)
        return xstrdup(interp);
    die("%s: interpreter %s not found (sysroot %s)", prog, interp,
        sysroot && *sysroot ? sysroot : "none");
}

void loader_load(struct mem_space *m, const struct load_params *lp, struct image_info *info,
                 struct symtab *syms)
{
    struct elf_image exe, interp = {.fd = -1};
    gaddr_t bias, interp_bias = 0;
    const char *err;
    char *resolved;

    memset(info, 0, sizeof(*info));
    err = elf_open(lp->path, &exe);
    if (err)
        die("%s: %s", lp->path, err);
    if (exe.interp) {
        info->interp_path = elf_find_interp(lp->path, exe.interp, lp->sysroot);
        err = elf_open(info->interp_path, &interp);
        if (err)
            die("%s: interpreter %s: %s", lp->path, info->interp_path, err);
    }
    if (lp->stack_size == 0 || lp->stack_size > GUEST_SPACE / 4)
        die("%s: stack size %llu is out of range", lp->path, (unsigned long long)lp->stack_size);

    info->stack_top = mem_map_stack(m, lp->stack_size);
    if (info->stack_top == 0)
        die("%s: cannot map the stack", lp->path);
    if (exe.exec_stack)
        mem_mprotect(m, info->stack_top - page_up(lp->stack_size), page_up(lp->stack_size),
                     PROT_READ | PROT_WRITE | PROT_EXEC);

    bias = elf_map_image(m, &exe, exe.eh.e_type == ET_DYN && exe.interp);
    if (exe.interp)
        interp_bias = elf_map_image(m, &interp, false);

    info->load_bias = exe.eh.e_type == ET_DYN ? bias : 0;
    info->exe_entry = exe.eh.e_entry + bias;
    info->interp_base = exe.interp ? interp_bias : 0;
    info->entry = exe.interp ? interp.eh.e_entry + interp_bias : info->exe_entry;
    info->phdr = elf_phdr_addr(&exe, bias);
    info->phnum = exe.eh.e_phnum;
    elf_image_facts(&exe, bias, info);
    mem_set_brk_start(m, info->brk);

    resolved = realpath(lp->path, NULL);
    info->exe_path = resolved ? resolved : xstrdup(lp->path);
    loader_build_stack(m, lp, info);

    if (syms) {
        symtab_add_elf(syms, lp->path, bias);
        if (exe.interp)
            symtab_add_elf(syms, info->interp_path, interp_bias);
    }
    elf_close(&exe);
    elf_close(&interp);
}
