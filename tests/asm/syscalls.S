/*
 * syscalls.S — a fixed sequence of system calls: getpid, write, brk(0), brk(+64 KiB), mmap of
 * one anonymous page, a store and load in it, munmap, write, exit_group(3).
 * Prints only environment-independent facts (pid > 0, brk grew exactly, mmap succeeded, munmap
 * returned 0, the stored value came back) as PUTHEX lines. Plugin oracle: exactly 13 ecalls, in
 * order: getpid(172), write(64), brk(214), brk(214), mmap(222), munmap(215), six PUTHEX
 * writes(64), exit_group(94).
 */
#include "sys.h"

    .section .rodata
msg:
    .ascii "syscalls\n"

    START
    li a7, SYS_getpid
    ecall
    sgtz s0, a0
    li a0, 1
    lla a1, msg
    li a2, 9
    li a7, SYS_write
    ecall
    mv s1, a0
    li a0, 0
    li a7, SYS_brk
    ecall
    mv s2, a0
    li t0, 0x10000
    add a0, s2, t0
    li a7, SYS_brk
    ecall
    sub s3, a0, s2
    li a0, 0
    li a1, 4096
    li a2, PROT_READ | PROT_WRITE
    li a3, MAP_PRIVATE | MAP_ANONYMOUS
    li a4, -1
    li a5, 0
    li a7, SYS_mmap
    ecall
    mv s4, a0
    li t0, 0x5a5a
    sd t0, 128(s4)
    ld s5, 128(s4)
    mv a0, s4
    li a1, 4096
    li a7, SYS_munmap
    ecall
    mv s6, a0
    PUTHEX s0
    PUTHEX s1
    PUTHEX s3
    PUTHEX s5
    PUTHEX s6
    srli s4, s4, 12
    snez s4, s4
    PUTHEX s4
    EXIT 3
