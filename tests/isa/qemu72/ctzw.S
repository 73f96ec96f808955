/*
 * ctzw.S — ctzw counts the trailing zeros of rs1[31:0] only, so a zero low word gives 32 whatever
 * the high word holds. Debian's qemu-riscv64 7.2 counts over all 64 bits here (63, 32, 47), so
 * this program is checked against ctzw.expected by t_qemu72_bugs.sh instead of against QEMU.
 */
#include "sys.h"

    START
    .irp a, 0, 0x8000000000000000, 0x100000000, 0x0000800000000000, 0xffffffff00000000, \
        0x0000000100000010
    R1 ctzw, \a
    .endr
    EXIT 0
