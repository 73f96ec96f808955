/*
 * layout.c — a glibc program for tests/loader/t_layouts.sh, linked with unusual layouts (data
 * sharing the text's last page, no separate code segment, no RELRO, 64 KiB pages): it checks
 * that each kind of section holds what the program put there (rodata, data, bss, TLS, relro
 * data, constructors, function pointers, the heap) and prints the program headers glibc found
 * (through AT_PHDR and dl_iterate_phdr) with addresses relative to the load bias, so the output
 * is the same under plume and qemu-riscv64. Single-threaded.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

/* Enough read-only data that the code never lies on a page shared with the data segment. */
static const unsigned char pad[12288] = {[0] = 1, [6000] = 2, [12287] = 3};
static const char greeting[] = "layout rodata ok";
int data_word = 0x5eed;
long data_array[64] = {[0] = 7, [63] = 9};
static char bss_block[40000];
int bss_word;
__thread int tls_data = 1234;
__thread long tls_bss[8];
static int (*const relro_fn)(const char *) = puts;
static int ctor_ran;

__attribute__((constructor)) static void ctor(void)
{
    ctor_ran = 1;
}

static int bss_is_zero(void)
{
    for (size_t i = 0; i < sizeof(bss_block); i++)
        if (bss_block[i])
            return 0;
    return bss_word == 0;
}

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    int *first = arg;

    (void)size;
    if (!*first)
        return 1;
    *first = 0;
    printf("main object: %d program headers, AT_PHDR %s\n", info->dlpi_phnum,
           (unsigned long)info->dlpi_phdr == getauxval(AT_PHDR) ? "matches" : "differs");
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD && ph->p_type != PT_TLS && ph->p_type != PT_GNU_RELRO)
            continue;
        printf("  type %u flags %u vaddr %#lx filesz %#lx memsz %#lx\n", ph->p_type, ph->p_flags,
               (unsigned long)ph->p_vaddr, (unsigned long)ph->p_filesz, (unsigned long)ph->p_memsz);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int first = 1;
    char *heap;

    const unsigned char *volatile padp = pad;

    printf("%s, pad %u %u %u\n", greeting, padp[0], padp[6000], padp[12287]);
    printf("data %#x, array %ld %ld\n", data_word, data_array[0], data_array[63]);
    printf("bss zero: %s\n", bss_is_zero() ? "yes" : "no");
    memset(bss_block, 0x5a, sizeof(bss_block));
    bss_word = 77;
    data_word++;
    printf("after writes: bss %d %d, data %#x\n", bss_block[39999], bss_word, data_word);
    printf("tls %d %ld\n", tls_data, tls_bss[7]);
    printf("constructor ran: %d, argc %d, argv[0] ends in %s\n", ctor_ran, argc,
           strrchr(argv[0], '-') ? strrchr(argv[0], '-') : argv[0]);
    heap = malloc(1 << 20);
    heap[0] = 1;
    heap[(1 << 20) - 1] = 2;
    printf("heap %d %d\n", heap[0], heap[(1 << 20) - 1]);
    free(heap);
    dl_iterate_phdr(phdr_cb, &first);
    relro_fn("relro function pointer ok");
    return 5;
}
