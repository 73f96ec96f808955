/*
 * hello.S — write "hello, world\n" with one write syscall, then exit_group(0).
 * Plugin oracle: executes exactly 11 guest instructions (2 in START, 9 here), 2 of them ecall,
 * no loads or stores; the first block ends at the write ecall.
 */
#include "sys.h"

    .section .rodata
msg:
    .ascii "hello, world\n"

    START
    li a0, 1
    lla a1, msg
    li a2, 13
    li a7, SYS_write
    ecall
    EXIT 0
