/*
 * threads_raw.S — guest for threads.c (t_threads.sh): NT threads made by hand with the raw
 * clone syscall, a deterministic number of instructions in all.
 *
 * main clones NT threads (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|PARENT_SETTID|CHILD_CLEARTID,
 * tid word tids[i]), then sets `go` and wakes them; each child first waits for `go` (one futex
 * wait: it sleeps or returns EAGAIN, the same instructions either way), runs ITER iterations of a
 * 3-instruction loop and exits with exit(2). main waits once per child on its tid word (with the
 * tid clone returned: it sleeps until the kernel side clears it or returns EAGAIN), then calls
 * exit_group(0). So all NT+1 threads are alive together (vCPU indexes 0..NT).
 *
 * Instructions executed (no compressed or relaxed forms change counts; .option norelax):
 *   main  = 11 (set-up) + 15*NT (clone loop) + 9 (go) + 1 + 13*NT (join loop) + 3 (exit)
 *         = 24 + 28*NT
 *   child = 1 (beqz after clone) + 11 (wait for go) + 2 + 3*ITER (loop) + 3 (exit)
 *         = 17 + 3*ITER
 *   total = 24 + NT*(45 + 3*ITER)
 * A spurious futex return would repeat a wait and add instructions (t_threads.sh then fails).
 */
#include "sys.h"

#ifndef NT
#define NT 64
#endif
#ifndef ITER
#define ITER 1000
#endif
#define SYS_futex 98
#define SYS_clone 220
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define CLONE_FLAGS 0x350f00
#define STACK 1024

    .bss
    .balign 16
stacks:
    .space NT * STACK
tids:
    .space NT * 4
rtids:
    .space NT * 4
go:
    .space 4

    START
    .option norelax
    li s0, 0
    li s1, NT
    lla s2, tids
    lla s3, stacks
    addi s3, s3, STACK
    lla s4, rtids
clone_loop:
    li a0, CLONE_FLAGS
    mv a1, s3
    slli t0, s0, 2
    add a2, s2, t0
    li a3, 0
    mv a4, a2
    li a7, SYS_clone
    ecall
    beqz a0, child
    add t1, s4, t0
    sw a0, 0(t1)
    addi s0, s0, 1
    addi s3, s3, STACK
    blt s0, s1, clone_loop

    lla t0, go
    li t1, 1
    sw t1, 0(t0)
    mv a0, t0
    li a1, FUTEX_WAKE
    li a2, NT
    li a7, SYS_futex
    ecall

    li s0, 0
join:
    slli t0, s0, 2
    add a0, s2, t0
    add t1, s4, t0
    lw a2, 0(t1)
    li a1, FUTEX_WAIT
    li a3, 0
    li a7, SYS_futex
    ecall
    add t1, s2, t0
    lw t2, 0(t1)
    bnez t2, join
    addi s0, s0, 1
    blt s0, s1, join

    li a0, 0
    li a7, SYS_exit_group
    ecall

child:
    lla a0, go
    li a1, FUTEX_WAIT
    li a2, 0
    li a3, 0
    li a7, SYS_futex
    ecall
    lla t1, go
    lw t0, 0(t1)
    beqz t0, child
    li t2, ITER
    li t3, 0
1:
    addi t3, t3, 3
    addi t2, t2, -1
    bnez t2, 1b
    li a0, 0
    li a7, SYS_exit
    ecall
