/*
 * exec_rules.h — what Linux's execve does with a corrupt ELF file that plume must match, for the
 * tests that load corrupt files (tests/unit/test_loader.c, fuzz/fuzz_elf.c).
 *
 * Test-only code: a header with static inline functions. Pure; any thread.
 */
#ifndef PLUME_TESTS_ELF_EXEC_RULES_H
#define PLUME_TESTS_ELF_EXEC_RULES_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* True if Linux kills the exec of this image with SIGSEGV while mapping it: a writable PT_LOAD
 * with bss whose last file page lies beyond the end of the file (its padzero fails). */
static inline bool elf_bss_page_beyond_eof(const uint8_t *d, size_t len)
{
    const uint64_t pg = 4096;
    Elf64_Ehdr eh;

    if (len < sizeof(eh))
        return false;
    memcpy(&eh, d, sizeof(eh));
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > len ||
        (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
        return false;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, d + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) && ph.p_filesz &&
            ph.p_memsz > ph.p_filesz && (ph.p_vaddr + ph.p_filesz) % pg != 0 &&
            (ph.p_offset + ph.p_filesz) / pg * pg >= (len + pg - 1) / pg * pg)
            return true;
    }
    return false;
}

#endif
