/*
 * loader_priv.h — definitions shared by elf.c, stack.c and symbols.c: the riscv64 ELF ABI facts
 * and the initial-stack builder.
 *
 * Main thread only, before any vCPU runs.
 */
#ifndef PLUME_LOADER_LOADER_PRIV_H
#define PLUME_LOADER_LOADER_PRIV_H

#include <elf.h>

#include "loader.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* Where Linux puts a PIE main program on riscv64 Sv39: ELF_ET_DYN_BASE = 2/3 of the 2^38
 * mmap window, page-aligned down. */
#define LOADER_ET_DYN_BASE (((GUEST_SPACE / 3) * 2) & GUEST_PAGE_MASK)

/* AT_HWCAP for rv64gc: one bit per single-letter extension, bit (letter - 'a'): I M A F D C. */
#define LOADER_HWCAP                                                                               \
    ((1u << ('i' - 'a')) | (1u << ('m' - 'a')) | (1u << ('a' - 'a')) | (1u << ('f' - 'a')) |       \
     (1u << ('d' - 'a')) | (1u << ('c' - 'a')))

/* Largest argv + envp + strings the initial stack accepts, as a fraction of its size (Linux
 * allows a quarter of the stack rlimit). */
#define LOADER_ARG_FRACTION 4

/*
 * Build the initial stack below info->stack_top exactly as Linux's create_elf_tables lays it
 * out, and set info->sp, info->auxv, info->auxv_end. Uses info->phdr, phnum, interp_base,
 * exe_entry. Dies if the arguments do not fit.
 */
void loader_build_stack(struct mem_space *m, const struct load_params *lp, struct image_info *info);

#endif
