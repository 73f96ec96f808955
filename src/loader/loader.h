/*
 * loader.h — loading a riscv64 ELF executable (and its PT_INTERP) into a fresh guest address
 * space and building the initial stack, as Linux's binfmt_elf does.
 *
 * Main thread only, before any vCPU runs. Errors (missing file, not ELF, wrong machine,
 * truncated or corrupt headers) are reported as one line naming the file and the problem,
 * through die() (exit status 1).
 */
#ifndef PLUME_LOADER_LOADER_H
#define PLUME_LOADER_LOADER_H

#include "../mem/mem.h"

struct symtab;

struct image_info {
    gaddr_t entry;          /* initial pc: the interpreter's entry when there is one */
    gaddr_t exe_entry;      /* the main executable's entry (AT_ENTRY) */
    gaddr_t load_bias;      /* main executable's load bias (0 for ET_EXEC) */
    gaddr_t interp_base;    /* AT_BASE (0 when static) */
    gaddr_t phdr;           /* AT_PHDR */
    unsigned phnum;         /* AT_PHNUM */
    gaddr_t start_code;     /* lowest start of an executable PT_LOAD (bias included) */
    gaddr_t end_code;       /* highest vaddr+filesz of an executable PT_LOAD */
    gaddr_t start_data, end_data;
    gaddr_t brk;            /* end of the main executable's bss: initial program break */
    gaddr_t sp;             /* initial stack pointer (argc at sp) */
    gaddr_t stack_top;      /* highest address of the stack mapping */
    gaddr_t auxv, auxv_end; /* guest range of the auxv pairs on the initial stack */
    char *exe_path;         /* absolute, symlink-resolved path of the executable (malloc'd) */
    char *interp_path;      /* host path of the interpreter actually opened, or NULL */
};

struct load_params {
    const char *path;       /* guest executable (host path) */
    const char *sysroot;    /* prefix for PT_INTERP and absolute guest paths ("" = none) */
    int argc;
    char *const *argv;      /* guest argv (argv[0] already as the guest should see it) */
    char *const *envp;
    uint64_t stack_size;
    const char *execfn;     /* AT_EXECFN string */
};

/* Load the program described by lp into m, fill *info; symbols of the program and of its
 * interpreter are added to syms (may be NULL). Dies with a clear message on bad input. */
void loader_load(struct mem_space *m, const struct load_params *lp, struct image_info *info,
                 struct symtab *syms);

/* Check that path is a riscv64 ELF executable plume can run: returns NULL or a static error
 * text ("not an ELF file", "ELF for machine x86-64, not riscv64", ...). Used by execve. */
const char *loader_check_file(const char *path);

/* ---- symbols.c: function symbols for qemu_plugin_insn_symbol ---- */
struct symtab *symtab_new(void);
/* Add STT_FUNC symbols of the ELF at host path, relocated by bias. Silently ignores files
 * without .symtab. */
void symtab_add_elf(struct symtab *s, const char *path, gaddr_t bias);
/* Name of the function symbol whose [value, value+size) contains a, or NULL. Any thread; the
 * string lives as long as the table. */
const char *symtab_lookup(const struct symtab *s, gaddr_t a);

#endif
