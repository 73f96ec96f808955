/*
 * smc.c — self-modifying code from C: two different functions (given as RISC-V machine words)
 * are copied in turn into the same mmap'd PROT_READ|PROT_WRITE|PROT_EXEC buffer and called after
 * __builtin___clear_cache (which glibc turns into the riscv_flush_icache syscall); then one
 * instruction's immediate is patched in place several times. Printed results show whether stale
 * translations ran.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*fn_t)(long);

/* f(x) = x + 42: addi a0, a0, 42; ret */
static const uint32_t code_add[] = {0x02a50513, 0x00008067};
/* f(x) = (x << 3) - x: slli a1, a0, 3; sub a0, a1, a0; ret */
static const uint32_t code_mul7[] = {0x00351593, 0x40a58533, 0x00008067};

static long call_copy(void *buf, const uint32_t *code, size_t words, long arg)
{
    memcpy(buf, code, words * 4);
    __builtin___clear_cache((char *)buf, (char *)buf + words * 4);
    return ((fn_t)buf)(arg);
}

int main(void)
{
    void *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        printf("mmap failed\n");
        return 1;
    }
    printf("add: %ld\n", call_copy(buf, code_add, 2, 100));
    printf("mul7: %ld\n", call_copy(buf, code_mul7, 3, 100));
    printf("add again: %ld\n", call_copy(buf, code_add, 2, 1));
    uint32_t patched[2] = {0, 0x00008067};
    for (int imm = -3; imm <= 3; imm++) {
        patched[0] = ((uint32_t)(imm & 0xfff) << 20) | 0x00050513;
        printf("addi %d: %ld\n", imm, call_copy(buf, patched, 2, 1000));
    }
    munmap(buf, 4096);
    return 0;
}
