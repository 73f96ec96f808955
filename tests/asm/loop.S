/*
 * loop.S — a counted loop of exactly 1000 iterations, then exit_group(sum & 0xff).
 * Plugin oracle: START 2 + setup 3 + 1000 iterations of 4 (addi, add, addi, bnez) + exit 3
 * = 4008 instructions; the loop body is one block entered 1000 times (999 taken back-edges).
 * Exit status: sum of 1..1000 = 500500, & 0xff = 0x14 = 20.
 */
#include "sys.h"

    START
    li t0, 1000
    li t1, 0
    li t2, 0
1:
    addi t2, t2, 1
    add t1, t1, t2
    addi t0, t0, -1
    bnez t0, 1b
    andi a0, t1, 0xff
    li a7, SYS_exit_group
    ecall
