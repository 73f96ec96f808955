/*
 * setpc_guest.S — guest for setpc.c (t_setpc.sh): asks the plugin to redirect the pc with
 * qemu_plugin_set_pc from each syscall callback and from an instruction callback.
 *
 * Protocol: a5 = mode (1 syscall entry, 2 syscall filter, 3 syscall_ret), a4 = where the plugin
 * must send the pc; the plugin writes a0 = 1000 + mode before set_pc. The instruction after each
 * redirected ecall jumps to `fail`. Modes 1 and 2 issue write(1, "BAD\n") that must not run;
 * mode 3 writes "ok ret\n" that must run, its result (7) replaced by 1003. The instruction
 * callback fires on the instruction after the marker hint `addi zero, zero, 0x5e7`; it writes
 * a0 = 2000 and sends the pc to a4, so that instruction (li a0, 1) never executes.
 * Prints "setpc: guest ok" and exits 0, or exits 1 at the first mismatch.
 */
#include "sys.h"

    .section .rodata
bad:
    .ascii "BAD\n"
okret:
    .ascii "ok ret\n"

    START
    .option norvc
    /* mode 1: syscall entry */
    li a0, 1
    lla a1, bad
    li a2, 4
    li a5, 1
    lla a4, after1
    li a7, SYS_write
    ecall
    j fail
after1:
    li t0, 1001
    bne a0, t0, fail
    /* mode 2: syscall filter */
    li a0, 1
    lla a1, bad
    li a2, 4
    li a5, 2
    lla a4, after2
    li a7, SYS_write
    ecall
    j fail
after2:
    li t0, 1002
    bne a0, t0, fail
    /* mode 3: syscall_ret (the write runs) */
    li a0, 1
    lla a1, okret
    li a2, 7
    li a5, 3
    lla a4, after3
    li a7, SYS_write
    ecall
    j fail
after3:
    li t0, 1003
    bne a0, t0, fail
    /* instruction callback */
    li a5, 0
    li a0, 0
    lla a4, after4
    addi zero, zero, 0x5e7
    li a0, 1
    j fail
after4:
    li t0, 2000
    bne a0, t0, fail
    PUTS "setpc: guest ok\n"
    EXIT 0
fail:
    li a5, 0
    PUTS "setpc: guest FAIL\n"
    EXIT 1
