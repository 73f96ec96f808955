/*
 * stride.S — guest for t_bundled_cache.sh: PASSES sweeps over an ARRAY-byte array (64-byte
 * aligned, in .bss) loading one doubleword every STRIDE bytes; no other data access happens.
 * Loads = PASSES * ARRAY / STRIDE. Every instruction between _start and the final ecall runs.
 * With PATTERN defined it instead loads at offsets 0, 64, 0, 128, 0 once (three blocks that
 * share a set in a one-set cache: LRU keeps block 0, FIFO evicts it).
 */
#include "sys.h"

#ifndef ARRAY
#define ARRAY 8192
#endif
#ifndef STRIDE
#define STRIDE 64
#endif
#ifndef PASSES
#define PASSES 2
#endif

    .bss
    .balign 64
array:
    .skip ARRAY

    START
    .option norelax
    lla s0, array
#ifdef PATTERN
    ld t0, 0(s0)
    ld t0, 64(s0)
    ld t0, 0(s0)
    ld t0, 128(s0)
    ld t0, 0(s0)
#else
    li s1, PASSES
2:
    mv t1, s0
    li t2, ARRAY / STRIDE
1:
    ld t0, 0(t1)
    addi t1, t1, STRIDE
    addi t2, t2, -1
    bnez t2, 1b
    addi s1, s1, -1
    bnez s1, 2b
#endif
    li a0, 0
    li a7, SYS_exit_group
    ecall
