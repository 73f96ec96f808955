/*
 * rv64f_badfrm.S — an instruction with the dyn rounding mode while frm holds the reserved value 5
 * is illegal: prints the line before it, then the guest dies of SIGILL (status 132).
 */
#include "sys.h"

    START
    li a1, 0x3f800000
    fmv.w.x fa1, a1
    fadd.s fa0, fa1, fa1, dyn
    PUTF fa0
    csrwi frm, 5
    csrr a0, frm
    PUTHEX a0
    fadd.s fa0, fa1, fa1, dyn
    PUTS "after the illegal instruction\n"
    EXIT 0
