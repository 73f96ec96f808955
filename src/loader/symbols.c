/*
 * symbols.c — function symbols of the guest program and its interpreter, for
 * qemu_plugin_insn_symbol: the STT_FUNC entries of each file's .symtab (not .dynsym, as QEMU),
 * relocated by the load bias, sorted by address for binary search.
 *
 * Invariants: syms[] is sorted by (start, larger size first, local before global, name);
 * max_end[i] is the largest end among syms[0..i], so a lookup scans back from the last symbol
 * starting at or below the address only while some earlier symbol can still contain it. The
 * innermost match wins; among aliases of one function the global name wins.
 *
 * Reading a file never trusts it: every offset and size is checked against the file before
 * use, and a file that does not check out simply contributes no symbols.
 *
 * Threading: symtab_add_elf runs on the main thread while loading; afterwards the table is
 * read-only and symtab_lookup may run on any thread.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_priv.h"

struct sym {
    gaddr_t start, end; /* [start, end); end == start + 1 for size-0 symbols */
    const char *name;   /* in the table's string storage */
    bool global;
};

struct symtab {
    struct sym *syms;
    gaddr_t *max_end;
    size_t n, cap;
    char **strtabs; /* one copied string table per file added (names point into them) */
    size_t n_strtabs;
};

struct symtab *symtab_new(void)
{
    return xcalloc(1, sizeof(struct symtab));
}

/* Read len bytes at off of a file of size size into a new buffer, or NULL. */
static void *sym_read(int fd, uint64_t size, uint64_t off, uint64_t len)
{
    uint8_t *buf;
    uint64_t done = 0;

    if (off > size || len > size - off || len > (1ull << 31))
        return NULL;
    buf = xmalloc(len + 1);
    while (done < len) {
        ssize_t n = pread(fd, buf + done, len - done, (off_t)(off + done));
        if (n <= 0) {
            free(buf);
            return NULL;
        }
        done += (uint64_t)n;
    }
    buf[len] = 0;
    return buf;
}

static int sym_cmp(const void *pa, const void *pb)
{
    const struct sym *a = pa, *b = pb;

    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    if (a->global != b->global)
        return a->global ? 1 : -1;
    return strcmp(a->name, b->name);
}

static void sym_push(struct symtab *s, gaddr_t start, gaddr_t end, const char *name, bool global)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->syms = xrealloc(s->syms, s->cap * sizeof(*s->syms));
    }
    s->syms[s->n++] = (struct sym){start, end, name, global};
}

/* Add the STT_FUNC symbols of an open ELF file; returns false if its headers do not check out
 * (symbols already pushed from it are then kept out by the caller). */
static bool sym_scan(struct symtab *s, int fd, uint64_t size, gaddr_t bias)
{
    Elf64_Ehdr eh;
    Elf64_Shdr *sh = NULL, *symsec = NULL, *strsec;
    Elf64_Sym *syms = NULL;
    char *str = NULL;
    bool ok = false;
    uint64_t nsyms;

    if (size < sizeof(eh) || pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
        return false;
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0)
        return false;
    sh = sym_read(fd, size, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr));
    if (!sh)
        return false;
    for (unsigned i = 0; i < eh.e_shnum && !symsec; i++)
        if (sh[i].sh_type == SHT_SYMTAB)
            symsec = &sh[i];
    if (!symsec || symsec->sh_link >= eh.e_shnum || symsec->sh_entsize != sizeof(Elf64_Sym))
        goto out;
    strsec = &sh[symsec->sh_link];
    if (strsec->sh_type != SHT_STRTAB)
        goto out;
    nsyms = symsec->sh_size / sizeof(Elf64_Sym);
    syms = sym_read(fd, size, symsec->sh_offset, nsyms * sizeof(Elf64_Sym));
    str = sym_read(fd, size, strsec->sh_offset, strsec->sh_size);
    if (!syms || !str)
        goto out;
    for (uint64_t i = 0; i < nsyms; i++) {
        const Elf64_Sym *y = &syms[i];
        gaddr_t start = y->st_value + bias;
        if (ELF64_ST_TYPE(y->st_info) != STT_FUNC || y->st_shndx == SHN_UNDEF || y->st_name == 0 ||
            y->st_name >= strsec->sh_size || str[y->st_name] == 0 || start >= GUEST_SPACE)
            continue;
        sym_push(s, start, start + (y->st_size ? y->st_size : 1), str + y->st_name,
                 ELF64_ST_BIND(y->st_info) != STB_LOCAL);
    }
    s->strtabs = xrealloc(s->strtabs, (s->n_strtabs + 1) * sizeof(*s->strtabs));
    s->strtabs[s->n_strtabs++] = str;
    str = NULL;
    ok = true;
out:
    free(sh);
    free(syms);
    free(str);
    return ok;
}

void symtab_add_elf(struct symtab *s, const char *path, gaddr_t bias)
{
    size_t before = s->n;
    struct stat st;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !sym_scan(s, fd, (uint64_t)st.st_size, bias))
        s->n = before;
    close(fd);
    if (s->n == before)
        return;
    qsort(s->syms, s->n, sizeof(*s->syms), sym_cmp);
    s->max_end = xrealloc(s->max_end, s->n * sizeof(*s->max_end));
    for (size_t i = 0; i < s->n; i++) {
        gaddr_t prev = i ? s->max_end[i - 1] : 0;
        s->max_end[i] = prev > s->syms[i].end ? prev : s->syms[i].end;
    }
}

const char *symtab_lookup(const struct symtab *s, gaddr_t a)
{
    size_t lo = 0, hi;

    if (!s)
        return NULL;
    hi = s->n;
    /* First symbol starting above a. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->syms[mid].start <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    while (lo-- > 0 && s->max_end[lo] > a) {
        if (a < s->syms[lo].end)
            return s->syms[lo].name;
    }
    return NULL;
}
