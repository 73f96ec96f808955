/*
 * hwprobe_misaligned.S — riscv_hwprobe (258) with a pairs array at an odd address, found by
 * guest_syscalls (seed 5293). Linux copies the pairs with copy_from_user/copy_to_user, so any
 * alignment works; plume's handler accessed struct target_hwprobe through the misaligned host
 * pointer (UBSan: "member access within misaligned address", src/linux/sys_proc.c).
 * Expected: exit status 0 (the call returns 0 and fills in the pair; qemu-riscv64 7.2 has no
 * riscv_hwprobe and exits with 218, i.e. -ENOSYS).
 * Build: riscv64-linux-gnu-gcc -nostdlib -static -o hwprobe_misaligned hwprobe_misaligned.S
 */
    .text
    .globl _start
_start:
    la a0, pairs
    addi a0, a0, 1          /* struct riscv_hwprobe *pairs, misaligned */
    sd zero, 0(a0)          /* key 0: RISCV_HWPROBE_KEY_MVENDORID */
    li a1, 1                /* pair_count */
    li a2, 0                /* cpusetsize */
    li a3, 0                /* cpus */
    li a4, 0                /* flags */
    li a7, 258
    ecall
    li a7, 93
    ecall                   /* exit with the call's result */
    .data
    .balign 8
pairs:
    .space 32
