/*
 * rv64i_branch.S — every conditional branch (beq, bne, blt, bge, bltu, bgeu) taken and not
 * taken, to forward and backward targets, over all pairs of signed/unsigned boundary operands; jal and
 * jalr link values (relative to the jump), jalr with an odd target (bit 0 cleared), jalr with
 * rd == rs1, and a far forward jump. Prints a code per branch: 1 taken forward, 0 fall-through
 * (forward test); 2 taken backward, 3 fall-through (backward test).
 */
#include "sys.h"

/* Run `op a1, a2` once to a forward and once to a backward target; print both outcomes. */
.macro BR op, a, b
    li a1, \a
    li a2, \b
    li a0, 1
    \op a1, a2, 1f
    li a0, 0
1:
    PUTHEX a0
    j 3f
2:
    li a0, 2
    j 4f
3:
    \op a1, a2, 2b
    li a0, 3
4:
    PUTHEX a0
.endm

    START
    .irp op, beq, bne, blt, bge, bltu, bgeu
    PUTS "\op\n"
    .irp a, 0, 1, -1, 2, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffff, 0x100000000
    .irp b, 0, 1, -1, 2, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffff, 0x100000000
    BR \op, \a, \b
    .endr
    .endr
    .endr

    PUTS "jal\n"
    jal ra, 1f
5:
    j 6f
1:
    lla a1, 5b
    sub a0, ra, a1
    PUTHEX a0
    ret
6:
    jal t1, 1f
    li a0, 99
    PUTHEX a0
1:
    auipc a1, 0
    sub a0, a1, t1
    PUTHEX a0
    jal zero, 1f
    li a0, 98
    PUTHEX a0
1:

    PUTS "jalr\n"
    lla t0, 1f
    addi t0, t0, 1
    jalr t2, 0(t0)
7:
    li a0, 97
    PUTHEX a0
    .balign 4
1:
    lla a1, 7b
    sub a0, t2, a1
    PUTHEX a0
    lla t0, 1f - 8
    jalr t0, 8(t0)
8:
    li a0, 96
    PUTHEX a0
1:
    lla a1, 8b
    sub a0, t0, a1
    PUTHEX a0
    lla t0, 1f + 16
    jalr zero, -16(t0)
    li a0, 95
    PUTHEX a0
1:

    PUTS "far\n"
    j 1f
    .skip 8192
1:
    li a0, 0x77
    PUTHEX a0
    EXIT 0
