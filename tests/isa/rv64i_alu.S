/*
 * rv64i_alu.S — RV64I register-register and register-immediate arithmetic and logic: add, sub,
 * and, or, xor, slt, sltu, addw, subw over all V64 x V64 pairs; addi, slti, sltiu, xori, ori,
 * andi, addiw over boundary immediates; lui and auipc; x0 as destination and source; rd equal
 * to a source register. Prints every result with PUTHEX.
 */
#include "sys.h"

    START
    RR_V64 add, sub, and, or, xor, slt, sltu, addw, subw

    .irp op, addi, slti, sltiu, xori, ori, andi, addiw
    PUTS "\op\n"
    .irp a, V64
    .irp imm, 0, 1, -1, 2047, -2048, 0x555, -0x556
    RI \op, \a, \imm
    .endr
    .endr
    .endr

    PUTS "pseudo\n"
    .irp a, V64
    R1 neg, \a
    R1 negw, \a
    R1 not, \a
    R1 seqz, \a
    R1 snez, \a
    R1 sltz, \a
    R1 sgtz, \a
    R1 sext.w, \a
    .endr

    PUTS "lui\n"
    .irp imm, 0, 1, 0x7ffff, 0x80000, 0xfffff, 0x12345, 0xabcde
    lui a0, \imm
    PUTHEX a0
    .endr

    PUTS "auipc\n"
    .irp imm, 0, 1, 0x7ffff, 0x80000, 0xfffff
1:
    auipc a0, \imm
    lla a1, 1b
    sub a0, a0, a1
    PUTHEX a0
    .endr

    PUTS "x0\n"
    li a1, 5
    add zero, a1, a1
    addi zero, zero, 7
    lui zero, 1
    PUTHEX zero
    add a0, zero, a1
    PUTHEX a0
    sub a0, zero, a1
    PUTHEX a0
    sltu a0, zero, a1
    PUTHEX a0

    PUTS "aliasing\n"
    li a1, 0x1234
    add a1, a1, a1
    PUTHEX a1
    sub a1, a1, a1
    PUTHEX a1
    li a1, -7
    slt a1, a1, a1
    PUTHEX a1
    li a1, 0x7fffffff
    addw a1, a1, a1
    PUTHEX a1
    li a1, 0xf0
    xori a1, a1, -1
    PUTHEX a1

    EXIT 0
