/*
 * mix.S — guest for t_bundled_howvec.sh: a known instruction mix (no compressed encodings except
 * the one c.addi in the loop; build with -march=rv64gc_zba).
 *   before the loop: lla gp (2 alu), lla s0 (2 alu), li s1 (1 alu), fmv.d.x (1 fp)      =   6
 *   loop, 10 times: ld, sd, mul, div, fadd.d, amoadd.d, csrr, sh1add, fence, c.addi, bnez = 110
 *   after: jal ra (1 jump), ret (1 jump), li a0, li a7 (2 alu), ecall (1 system)          =   5
 * Classes: alu 27, muldiv 20, fp 11, system 11, load 10, store 10, atomic 10, csr 10,
 * branch 10, jump 2; total 121, compressed 10, full-size 111.
 * `leaf` is an STT_FUNC symbol with a size (for qemu_plugin_insn_symbol); nothing else is.
 */
#include "sys.h"

    .data
    .balign 8
word:
    .dword 5

    .option norvc
    START
    .option norelax
    lla s0, word
    li s1, 10
    fmv.d.x ft0, zero
1:
    ld t0, 0(s0)
    sd t0, 0(s0)
    mul t1, t0, t0
    div t2, t1, t0
    fadd.d ft1, ft0, ft0
    amoadd.d t3, t0, (s0)
    csrr t4, fflags
    sh1add t5, t0, t1
    fence
    .option push
    .option rvc
    c.addi s1, -1
    .option pop
    bnez s1, 1b
    jal ra, leaf
    li a0, 0
    li a7, SYS_exit_group
    ecall
    .type leaf, @function
leaf:
    ret
    .size leaf, . - leaf
