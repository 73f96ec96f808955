/*
 * corrupt.h — generator of corrupt ELF files for the loader tests, from one valid riscv64 ELF.
 *
 * elf_corrupt_variants() derives a list of variants: truncations at many lengths (inside the
 * ELF header, the program headers, each segment), single header fields set to wrong values
 * (class, data, version, type, machine, program header offset/size/count, section headers),
 * program header fields of each PT_LOAD made absurd (file size above memory size, offsets
 * beyond the file, misaligned or huge addresses, overlapping segments, bad alignment), PT_INTERP
 * entries that are empty, too long, unterminated or outside the file, corrupt .symtab section
 * headers, and a few hundred pseudo-random byte flips in the headers. Every variant must make
 * the loader either succeed or fail with one clear line — never crash.
 *
 * Test-only code: a header with static functions, included by tests/unit/test_loader.c.
 * Deterministic (fixed-seed xorshift), single-threaded.
 */
#ifndef PLUME_TESTS_ELF_CORRUPT_H
#define PLUME_TESTS_ELF_CORRUPT_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct elf_variant {
    char name[80];
    uint8_t *data;
    size_t len;
};

struct elf_variant_list {
    struct elf_variant *v;
    size_t n, cap;
};

/* Append a copy of base (len bytes) named name; returns the copy for editing. */
static uint8_t *ecv_add(struct elf_variant_list *l, const char *name, const uint8_t *base,
                        size_t len)
{
    struct elf_variant *v;

    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 128;
        l->v = realloc(l->v, l->cap * sizeof(*l->v));
    }
    v = &l->v[l->n++];
    snprintf(v->name, sizeof(v->name), "%s", name);
    v->len = len;
    v->data = malloc(len ? len : 1);
    memcpy(v->data, base, len);
    return v->data;
}

static void ecv_truncate(struct elf_variant_list *l, const uint8_t *base, size_t len, size_t at)
{
    char name[80];

    if (at >= len)
        return;
    snprintf(name, sizeof(name), "truncated-at-%zu", at);
    ecv_add(l, name, base, at);
}

/* Set a little-endian field of size sz at off (if inside the file). */
static void ecv_set(uint8_t *d, size_t len, size_t off, unsigned sz, uint64_t val)
{
    for (unsigned i = 0; i < sz && off + i < len; i++)
        d[off + i] = (uint8_t)(val >> (8 * i));
}

static void ecv_field(struct elf_variant_list *l, const uint8_t *base, size_t len,
                      const char *name, size_t off, unsigned sz, uint64_t val)
{
    char full[80];
    uint8_t *d;

    snprintf(full, sizeof(full), "%s=0x%llx", name, (unsigned long long)val);
    d = ecv_add(l, full, base, len);
    ecv_set(d, len, off, sz, val);
}

static uint64_t ecv_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Build the variants of base. Caller frees each data and the array. */
static struct elf_variant_list elf_corrupt_variants(const uint8_t *base, size_t len)
{
    struct elf_variant_list l = {0};
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    size_t phoff = eh->e_phoff, phsz = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    char name[80];

    /* Truncations. */
    static const size_t small[] = {0, 1, 2, 3, 4, 5, 15, 16, 17, 18, 19, 20, 24, 40, 52, 63, 64};
    for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
        ecv_truncate(&l, base, len, small[i]);
    ecv_truncate(&l, base, len, phoff + 1);
    ecv_truncate(&l, base, len, phoff + sizeof(Elf64_Phdr) - 1);
    ecv_truncate(&l, base, len, phoff + phsz - 1);
    for (unsigned k = 1; k < 24; k++)
        ecv_truncate(&l, base, len, len * k / 24);
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + phoff) + i;
        if (ph->p_type == PT_LOAD && ph->p_filesz)
            ecv_truncate(&l, base, len, ph->p_offset + ph->p_filesz - 1);
    }

    /* ELF header fields. */
    for (unsigned i = 0; i < 4; i++) {
        snprintf(name, sizeof(name), "magic-byte-%u", i);
        ecv_add(&l, name, base, len)[i] ^= 0x20;
    }
    ecv_field(&l, base, len, "class", EI_CLASS, 1, 0);
    ecv_field(&l, base, len, "class", EI_CLASS, 1, ELFCLASS32);
    ecv_field(&l, base, len, "class", EI_CLASS, 1, 3);
    ecv_field(&l, base, len, "data", EI_DATA, 1, 0);
    ecv_field(&l, base, len, "data", EI_DATA, 1, ELFDATA2MSB);
    ecv_field(&l, base, len, "data", EI_DATA, 1, 3);
    ecv_field(&l, base, len, "ident-version", EI_VERSION, 1, 0);
    ecv_field(&l, base, len, "e_type", 16, 2, ET_NONE);
    ecv_field(&l, base, len, "e_type", 16, 2, ET_REL);
    ecv_field(&l, base, len, "e_type", 16, 2, ET_CORE);
    ecv_field(&l, base, len, "e_type", 16, 2, 0xfe00);
    ecv_field(&l, base, len, "e_machine", 18, 2, EM_NONE);
    ecv_field(&l, base, len, "e_machine", 18, 2, EM_386);
    ecv_field(&l, base, len, "e_machine", 18, 2, EM_X86_64);
    ecv_field(&l, base, len, "e_machine", 18, 2, EM_AARCH64);
    ecv_field(&l, base, len, "e_machine", 18, 2, 0x1234);
    ecv_field(&l, base, len, "e_version", 20, 4, 0);
    ecv_field(&l, base, len, "e_entry", 24, 8, 0);
    ecv_field(&l, base, len, "e_entry", 24, 8, ~0ull);
    ecv_field(&l, base, len, "e_phoff", 32, 8, 0);
    ecv_field(&l, base, len, "e_phoff", 32, 8, 1);
    ecv_field(&l, base, len, "e_phoff", 32, 8, len);
    ecv_field(&l, base, len, "e_phoff", 32, 8, len - 1);
    ecv_field(&l, base, len, "e_phoff", 32, 8, ~0ull);
    ecv_field(&l, base, len, "e_phoff", 32, 8, ~0ull - 40);
    ecv_field(&l, base, len, "e_shoff", 40, 8, ~0ull);
    ecv_field(&l, base, len, "e_shoff", 40, 8, len - 10);
    ecv_field(&l, base, len, "e_shoff", 40, 8, 1);
    ecv_field(&l, base, len, "e_phentsize", 54, 2, 0);
    ecv_field(&l, base, len, "e_phentsize", 54, 2, 32);
    ecv_field(&l, base, len, "e_phentsize", 54, 2, 64);
    ecv_field(&l, base, len, "e_phnum", 56, 2, 0);
    ecv_field(&l, base, len, "e_phnum", 56, 2, 1);
    ecv_field(&l, base, len, "e_phnum", 56, 2, 2000);
    ecv_field(&l, base, len, "e_phnum", 56, 2, 0xffff);
    ecv_field(&l, base, len, "e_shentsize", 58, 2, 0);
    ecv_field(&l, base, len, "e_shnum", 60, 2, 0xffff);
    ecv_field(&l, base, len, "e_shstrndx", 62, 2, 0xffff);

    /* Program header fields of each segment. */
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + phoff) + i;
        size_t o = phoff + i * sizeof(Elf64_Phdr);
        char pre[40];

        snprintf(pre, sizeof(pre), "ph%u.", i);
#define PHF(field, sz, val)                                                                      \
    do {                                                                                         \
        snprintf(name, sizeof(name), "%s%s", pre, #field);                                        \
        ecv_field(&l, base, len, name, o + offsetof(Elf64_Phdr, field), sz, val);               \
    } while (0)
        PHF(p_type, 4, PT_NULL);
        PHF(p_type, 4, PT_LOAD);
        PHF(p_type, 4, PT_INTERP);
        if (ph->p_type != PT_LOAD)
            continue;
        PHF(p_filesz, 8, ph->p_memsz + 1);
        PHF(p_filesz, 8, len);
        PHF(p_filesz, 8, ~0ull);
        PHF(p_offset, 8, len);
        PHF(p_offset, 8, ~0ull - 10);
        PHF(p_offset, 8, ph->p_offset + 1);
        PHF(p_vaddr, 8, ph->p_vaddr + 1);
        PHF(p_vaddr, 8, 0);
        PHF(p_vaddr, 8, 1ull << 38);
        PHF(p_vaddr, 8, (1ull << 38) - 0x1000);
        PHF(p_vaddr, 8, ~0ull & ~0xfffull);
        PHF(p_memsz, 8, 1ull << 60);
        PHF(p_memsz, 8, ~0ull);
        PHF(p_memsz, 8, 1ull << 38);
        PHF(p_memsz, 8, 1ull << 37);
        PHF(p_memsz, 8, 0);
        PHF(p_align, 8, 3);
        PHF(p_align, 8, 1ull << 40);
        PHF(p_flags, 4, 0);
        if (i > 0) {
            const Elf64_Phdr *prev = ph - 1;
            if (prev->p_type == PT_LOAD)
                PHF(p_vaddr, 8, prev->p_vaddr);
        }
#undef PHF
    }

    /* PT_INTERP variants: turn the first non-PT_LOAD header into a bad PT_INTERP. */
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + phoff) + i;
        size_t o = phoff + i * sizeof(Elf64_Phdr);
        static const uint64_t bad[][2] = {
            {0, 0}, {0, 1}, {0, 7}, {0, 5000}, {~0ull - 3, 8}, {1, ~0ull},
        };
        if (ph->p_type == PT_LOAD)
            continue;
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
            uint8_t *d;
            snprintf(name, sizeof(name), "interp-off-0x%llx-size-0x%llx",
                     (unsigned long long)bad[k][0], (unsigned long long)bad[k][1]);
            d = ecv_add(&l, name, base, len);
            ecv_set(d, len, o + offsetof(Elf64_Phdr, p_type), 4, PT_INTERP);
            ecv_set(d, len, o + offsetof(Elf64_Phdr, p_offset), 8, bad[k][0]);
            ecv_set(d, len, o + offsetof(Elf64_Phdr, p_filesz), 8, bad[k][1]);
        }
        break;
    }

    /* Corrupt .symtab / .strtab section headers: the load must still work. */
    if (eh->e_shoff && eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) <= len &&
        eh->e_shentsize == sizeof(Elf64_Shdr)) {
        for (unsigned i = 0; i < eh->e_shnum; i++) {
            const Elf64_Shdr *sh = (const Elf64_Shdr *)(base + eh->e_shoff) + i;
            size_t o = eh->e_shoff + i * sizeof(Elf64_Shdr);
            if (sh->sh_type != SHT_SYMTAB && sh->sh_type != SHT_STRTAB)
                continue;
            snprintf(name, sizeof(name), "sh%u.sh_offset", i);
            ecv_field(&l, base, len, name, o + offsetof(Elf64_Shdr, sh_offset), 8, ~0ull - 8);
            snprintf(name, sizeof(name), "sh%u.sh_size", i);
            ecv_field(&l, base, len, name, o + offsetof(Elf64_Shdr, sh_size), 8, ~0ull);
            snprintf(name, sizeof(name), "sh%u.sh_size", i);
            ecv_field(&l, base, len, name, o + offsetof(Elf64_Shdr, sh_size), 8, 3);
            snprintf(name, sizeof(name), "sh%u.sh_link", i);
            ecv_field(&l, base, len, name, o + offsetof(Elf64_Shdr, sh_link), 4, 0xffffffff);
            snprintf(name, sizeof(name), "sh%u.sh_entsize", i);
            ecv_field(&l, base, len, name, o + offsetof(Elf64_Shdr, sh_entsize), 8, 0);
            if (sh->sh_type == SHT_SYMTAB && sh->sh_offset + sh->sh_size <= len) {
                /* Every symbol name offset out of range. */
                uint8_t *d = ecv_add(&l, "symtab-names-out-of-range", base, len);
                for (uint64_t s = 0; s < sh->sh_size / sizeof(Elf64_Sym); s++)
                    ecv_set(d, len, sh->sh_offset + s * sizeof(Elf64_Sym), 4, 0xfffffff0u);
            }
        }
    }

    /* Random byte flips in the ELF and program headers. */
    for (unsigned k = 0; k < 300; k++) {
        size_t span = phoff + phsz < len ? phoff + phsz : len;
        unsigned flips = 1 + (unsigned)(ecv_rand(&seed) % 4);
        uint8_t *d;
        snprintf(name, sizeof(name), "random-flips-%u", k);
        d = ecv_add(&l, name, base, len);
        for (unsigned f = 0; f < flips; f++)
            d[ecv_rand(&seed) % span] ^= (uint8_t)(1u << (ecv_rand(&seed) % 8));
    }
    return l;
}

#endif
