/*
 * sys.h — raw-syscall helpers for plume's assembly test programs (tests/asm, tests/isa).
 *
 * Included once by each -nostdlib .S program. Provides syscall numbers, START/EXIT, and output
 * macros that write straight to fd 1 with the write syscall:
 *   PUTHEX reg    16 lowercase hex digits of reg and a newline
 *   PUTF freg     the raw 64 bits of an FP register (fmv.x.d), as PUTHEX
 *   PUTFLAGS      fflags as PUTHEX
 *   PUTS "text"   a string literal, verbatim (add \n yourself)
 * and table-driven test macros for tests/isa (operands in a1/a2/a3, result in a0, then PUTHEX):
 *   RR op, a, b   RI op, a, imm   R1 op, a   and the FP loaders LDF_S / LDF_D (scratch t6).
 * V64 / V32 are cpp lists of interesting 64-bit / 32-bit operand values for .irp loops;
 * RR_V64 / RR_V32 op... print each op's name and then RR it over all pairs of those values.
 * Every output macro preserves all integer registers (sp is restored), all FP registers and
 * fcsr, so tests can print between any two instructions. Do not PUTHEX sp itself: the macros
 * move sp before reading the register. They need a valid stack; single-threaded; no writable
 * data of their own beyond a stack buffer.
 */
#ifndef PLUME_TESTS_SYS_H
#define PLUME_TESTS_SYS_H

#define SYS_getcwd 17
#define SYS_dup 23
#define SYS_fcntl 25
#define SYS_openat 56
#define SYS_close 57
#define SYS_read 63
#define SYS_write 64
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_set_tid_address 96
#define SYS_nanosleep 101
#define SYS_clock_gettime 113
#define SYS_kill 129
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_getpid 172
#define SYS_gettid 178
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mmap 222
#define SYS_mprotect 226

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20

/* Program entry: `START` then the test body. */
.macro START
    .text
    .globl _start
_start:
    .option push
    .option norelax
    lla gp, __global_pointer$
    .option pop
.endm

/* exit_group(status) with an immediate status. */
.macro EXIT status
    li a0, \status
    li a7, SYS_exit_group
    ecall
.endm

/* The body of PUTHEX, PUTF and PUTFLAGS: write 16 hex digits of the value the instruction
 * `load` puts into a0, and a newline; ra and a0 are preserved. */
.macro PUT_A0 load:vararg
    addi sp, sp, -32
    sd ra, 0(sp)
    sd a0, 8(sp)
    \load
    call sys_puthex
    ld a0, 8(sp)
    ld ra, 0(sp)
    addi sp, sp, 32
.endm

/* Write 16 hex digits of \reg and a newline to stdout. */
.macro PUTHEX reg
    PUT_A0 mv a0, \reg
.endm

/* Write the raw 64 bits of FP register \freg like PUTHEX. */
.macro PUTF freg
    PUT_A0 fmv.x.d a0, \freg
.endm

/* Write the current fflags like PUTHEX (reading fflags does not change it). */
.macro PUTFLAGS
    PUT_A0 csrr a0, fflags
.endm

/* Write a string literal verbatim. */
.macro PUTS str
    .pushsection .rodata
9001:
    .ascii "\str"
9002:
    .popsection
    addi sp, sp, -48
    sd ra, 0(sp)
    sd a0, 8(sp)
    sd a1, 16(sp)
    sd a2, 24(sp)
    sd a7, 32(sp)
    li a0, 1
    lla a1, 9001b
    lla a2, 9002b
    sub a2, a2, a1
    li a7, SYS_write
    ecall
    ld a7, 32(sp)
    ld a2, 24(sp)
    ld a1, 16(sp)
    ld a0, 8(sp)
    ld ra, 0(sp)
    addi sp, sp, 48
.endm

/* Interesting 64-bit operands: zero, ones, signs, 32-bit boundaries, patterns. */
#define V64 0, 1, -1, 2, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffff, 0x80000000, \
    0xffffffff7fffffff, 0x123456789abcdef0, 0xfedcba9876543210, 0x5555555555555555
/* Interesting 32-bit operands (sign-extended or not), for W forms. */
#define V32 0, 1, -1, 3, 0x7fffffff, 0x80000000, -0x80000000, 0xffffffff, 0x100000001, \
    0x12345678, 0xcafef00d, 0xfffffffe00000007

/* a0 = op(a1 = a, a2 = b); print a0. */
.macro RR op, a, b
    li a1, \a
    li a2, \b
    \op a0, a1, a2
    PUTHEX a0
.endm

/* For each op of ops: print its name, then RR op over all V64 x V64 pairs. */
.macro RR_V64 ops:vararg
    .irp op, \ops
    PUTS "\op\n"
    .irp a, V64
    .irp b, V64
    RR \op, \a, \b
    .endr
    .endr
    .endr
.endm

/* RR_V64 over V32 x V32 (W forms). */
.macro RR_V32 ops:vararg
    .irp op, \ops
    PUTS "\op\n"
    .irp a, V32
    .irp b, V32
    RR \op, \a, \b
    .endr
    .endr
    .endr
.endm

/* a0 = op(a1 = a, imm); print a0. */
.macro RI op, a, imm
    li a1, \a
    \op a0, a1, \imm
    PUTHEX a0
.endm

/* a0 = op(a1 = a); print a0. */
.macro R1 op, a
    li a1, \a
    \op a0, a1
    PUTHEX a0
.endm

/* Load a 32-bit pattern into FP register freg with fmv.w.x (NaN-boxed); clobbers t6. */
.macro LDF_S freg, bits
    li t6, \bits
    fmv.w.x \freg, t6
.endm

/* Load a 64-bit pattern into FP register freg with fmv.d.x; clobbers t6. */
.macro LDF_D freg, bits
    li t6, \bits
    fmv.d.x \freg, t6
.endm

/* sys_puthex(a0): the out-of-line body of PUTHEX; clobbers a0 only (PUTHEX restores it). */
.macro SYS_PUTHEX_BODY
    .text
    .balign 4
sys_puthex:
    addi sp, sp, -80
    sd a1, 0(sp)
    sd a2, 8(sp)
    sd a7, 16(sp)
    sd t0, 24(sp)
    sd t1, 32(sp)
    sd t2, 40(sp)
    addi t0, sp, 48
    li t1, 60
1:
    srl t2, a0, t1
    andi t2, t2, 15
    addi t2, t2, '0'
    li a1, '9'
    ble t2, a1, 2f
    addi t2, t2, 'a' - '9' - 1
2:
    sb t2, 0(t0)
    addi t0, t0, 1
    addi t1, t1, -4
    bgez t1, 1b
    li t2, '\n'
    sb t2, 0(t0)
    li a0, 1
    addi a1, sp, 48
    li a2, 17
    li a7, SYS_write
    ecall
    ld t2, 40(sp)
    ld t1, 32(sp)
    ld t0, 24(sp)
    ld a7, 16(sp)
    ld a2, 8(sp)
    ld a1, 0(sp)
    addi sp, sp, 80
    ret
.endm

SYS_PUTHEX_BODY

#endif
