/*
 * rvc.S — the C extension, written with explicit c.* mnemonics so every compressed form is
 * executed: c.li, c.lui, c.addi, c.addiw, c.addi16sp, c.addi4spn, c.slli, c.srli, c.srai,
 * c.andi, c.mv, c.add, c.sub, c.xor, c.or, c.and, c.addw, c.subw, c.lw, c.ld, c.sw, c.sd,
 * c.fld, c.fsd, c.lwsp, c.ldsp, c.swsp, c.sdsp, c.fldsp, c.fsdsp, c.j, c.jr, c.jalr, c.beqz,
 * c.bnez, c.nop; immediates at their range ends. PUTHEX of each result.
 */
#include "sys.h"

    .data
    .balign 8
cdata:
    .dword 0x8000000180000002, 0x7fffffff00000003, 0xfedcba9876543210, 0x0123456789abcdef
    .skip 256

    START
    .option push
    .option rvc
    PUTS "c.li c.lui\n"
    .irp imm, 0, 1, -1, 31, -32
    c.li a0, \imm
    PUTHEX a0
    .endr
    .irp imm, 1, 0x1f, 0xfffe0, 0xfffff
    c.lui a0, \imm
    PUTHEX a0
    .endr

    PUTS "c.addi c.addiw\n"
    .irp imm, 1, -1, 31, -32
    li a0, 0x7fffffff
    c.addi a0, \imm
    PUTHEX a0
    li a0, 0x7fffffff
    c.addiw a0, \imm
    PUTHEX a0
    .endr
    li a0, 0x123456789
    c.addiw a0, 0
    PUTHEX a0

    PUTS "c.addi16sp c.addi4spn\n"
    mv s1, sp
    c.addi16sp sp, -512
    sub a0, s1, sp
    PUTHEX a0
    c.addi16sp sp, 496
    sub a0, s1, sp
    PUTHEX a0
    c.addi16sp sp, 16
    sub a0, s1, sp
    PUTHEX a0
    c.addi4spn a0, sp, 4
    sub a0, a0, sp
    PUTHEX a0
    c.addi4spn a1, sp, 1020
    sub a0, a1, sp
    PUTHEX a0

    PUTS "c shifts and logic\n"
    .irp sh, 1, 13, 31, 32, 63
    li a0, 0x8000000000000f01
    c.slli a0, \sh
    PUTHEX a0
    li a0, 0x8000000000000f01
    c.srli a0, \sh
    PUTHEX a0
    li a0, 0x8000000000000f01
    c.srai a0, \sh
    PUTHEX a0
    .endr
    .irp imm, 0, 1, -1, 31, -32
    li a0, 0x123456789abcdef0
    c.andi a0, \imm
    PUTHEX a0
    .endr

    PUTS "c register ops\n"
    .irp op, c.add, c.sub, c.xor, c.or, c.and, c.addw, c.subw
    .irp b, 1, -1, 0x7fffffff, 0x8000000000000000
    li a0, 0x7fffffff80000001
    li a1, \b
    \op a0, a1
    PUTHEX a0
    .endr
    .endr
    li a1, 0x5a5a
    c.mv a0, a1
    PUTHEX a0
    c.nop
    PUTHEX a0

    PUTS "c loads and stores\n"
    lla s0, cdata
    c.lw a0, 0(s0)
    PUTHEX a0
    c.lw a0, 4(s0)
    PUTHEX a0
    c.lw a0, 8(s0)
    PUTHEX a0
    c.ld a0, 16(s0)
    PUTHEX a0
    c.ld a0, 24(s0)
    PUTHEX a0
    addi s1, s0, 32
    li a1, 0x1122334455667788
    c.sw a1, 124(s1)
    c.sd a1, 248(s1)
    c.lw a0, 124(s1)
    PUTHEX a0
    c.ld a0, 248(s1)
    PUTHEX a0
    c.fld fa0, 16(s0)
    PUTF fa0
    c.fsd fa0, 0(s1)
    c.ld a0, 0(s1)
    PUTHEX a0

    PUTS "c sp loads and stores\n"
    addi sp, sp, -512
    li a1, 0x0f0e0d0c0b0a0908
    c.sdsp a1, 0(sp)
    c.sdsp a1, 504(sp)
    c.swsp a1, 252(sp)
    c.ldsp a0, 0(sp)
    PUTHEX a0
    c.ldsp a0, 504(sp)
    PUTHEX a0
    c.lwsp a0, 252(sp)
    PUTHEX a0
    c.lwsp a0, 4(sp)
    PUTHEX a0
    c.fldsp fa1, 504(sp)
    c.fsdsp fa1, 256(sp)
    c.ldsp a0, 256(sp)
    PUTHEX a0
    addi sp, sp, 512

    PUTS "c control\n"
    li a0, 0
    c.beqz a0, 1f
    li a0, 9
1:
    PUTHEX a0
    li a0, 1
    c.beqz a0, 1f
    li a0, 10
1:
    PUTHEX a0
    li a0, 0
    c.bnez a0, 1f
    li a0, 11
1:
    PUTHEX a0
    li s0, -1
    c.bnez s0, 1f
    li s0, 12
1:
    PUTHEX s0
    li a0, 0
    c.j 2f
1:
    li a0, 13
    c.j 3f
2:
    c.j 1b
3:
    PUTHEX a0
    lla a1, 1f
    c.jr a1
    li a0, 14
1:
    PUTHEX a0
    lla a1, 1f
    c.jalr a1
4:
    PUTS "after c.jalr\n"
    c.j 5f
1:
    lla a2, 4b
    sub a0, ra, a2
    PUTHEX a0
    c.jr ra
5:
    .option pop
    EXIT 0
