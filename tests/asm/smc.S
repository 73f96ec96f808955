/*
 * smc.S — self-modifying code: mmap one RWX page, copy function A into it, fence.i, call it and
 * print its result; copy function B (different code and length) over the same address, fence.i,
 * call and print; then patch the immediate of a single addi in place 5 times, calling after each
 * fence.i. Every printed value shows whether stale translated code was run.
 */
#include "sys.h"

    START
    li a0, 0
    li a1, 4096
    li a2, PROT_READ | PROT_WRITE | PROT_EXEC
    li a3, MAP_PRIVATE | MAP_ANONYMOUS
    li a4, -1
    li a5, 0
    li a7, SYS_mmap
    ecall
    mv s0, a0

    lla a1, func_a
    lla a2, func_a_end
    call copy_code
    fence.i
    li a0, 1000
    jalr s0
    PUTHEX a0

    lla a1, func_b
    lla a2, func_b_end
    call copy_code
    fence.i
    li a0, 1000
    jalr s0
    PUTHEX a0

    /* s0[0] = addi a0, a0, imm with imm = 7 * i for i = 1..5; s0[4] = ret. */
    li t0, 0x00008067
    sw t0, 4(s0)
    li s1, 1
1:
    li t0, 7
    mul t0, t0, s1
    slli t0, t0, 20
    li t1, 0x00050513
    or t0, t0, t1
    sw t0, 0(s0)
    fence.i
    li a0, 100
    jalr s0
    PUTHEX a0
    addi s1, s1, 1
    li t0, 6
    bne s1, t0, 1b
    EXIT 0

/* Copy the words [a1, a2) to s0. */
copy_code:
    mv t0, s0
2:
    lw t1, 0(a1)
    sw t1, 0(t0)
    addi a1, a1, 4
    addi t0, t0, 4
    bltu a1, a2, 2b
    ret

    .balign 4
    .option push
    .option norvc
func_a:
    addi a0, a0, 11
    ret
func_a_end:
func_b:
    slli a0, a0, 1
    addi a0, a0, 22
    xori a0, a0, 0x55
    ret
func_b_end:
    .option pop
