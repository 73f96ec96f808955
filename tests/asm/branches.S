/*
 * branches.S — every conditional branch, taken and not taken, forward and backward, in a loop of
 * 16 iterations over a table of operand pairs. Each iteration prints a mask with one bit per
 * branch outcome (beq, bne, blt, bge, bltu, bgeu set their bit when taken; beqz, bnez, bltz, bgez
 * set theirs when not taken); beq, blt and bltu jump backward, the others forward. Ends with the
 * sum of the masks and exit_group(sum & 0xff).
 */
#include "sys.h"

    .section .rodata
    .balign 8
pairs:
    .dword 0, 0
    .dword 1, 2
    .dword 2, 1
    .dword -1, 1
    .dword 1, -1
    .dword -1, -1
    .dword 0x8000000000000000, 0x7fffffffffffffff
    .dword 0x7fffffffffffffff, 0x8000000000000000
    .dword 5, 5
    .dword -5, -4
    .dword -4, -5
    .dword 0, -1
    .dword -1, 0
    .dword 0x100000000, 1
    .dword 1, 0x100000000
    .dword 0xffffffff, 0x7fffffff

    START
    lla s0, pairs
    li s1, 16
    li s2, 0
loop:
    ld a0, 0(s0)
    ld a1, 8(s0)
    li s3, 0
    j tests
back_beq:
    ori s3, s3, 1
    j after_beq
back_blt:
    ori s3, s3, 4
    j after_blt
back_bltu:
    ori s3, s3, 16
    j after_bltu
tests:
    beq a0, a1, back_beq
after_beq:
    bne a0, a1, f_bne
    j after_bne
f_bne:
    ori s3, s3, 2
after_bne:
    blt a0, a1, back_blt
after_blt:
    bge a0, a1, f_bge
    j after_bge
f_bge:
    ori s3, s3, 8
after_bge:
    bltu a0, a1, back_bltu
after_bltu:
    bgeu a0, a1, f_bgeu
    j after_bgeu
f_bgeu:
    ori s3, s3, 32
after_bgeu:
    beqz a0, f_beqz
    ori s3, s3, 64
f_beqz:
    bnez a1, f_bnez
    ori s3, s3, 128
f_bnez:
    bltz a0, f_bltz
    ori s3, s3, 256
f_bltz:
    bgez a1, f_bgez
    ori s3, s3, 512
f_bgez:
    PUTHEX s3
    add s2, s2, s3
    addi s0, s0, 16
    addi s1, s1, -1
    bnez s1, loop
    PUTHEX s2
    andi a0, s2, 0xff
    li a7, SYS_exit_group
    ecall
