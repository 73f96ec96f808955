/*
 * rv64m.S — the M extension: mul, mulh, mulhsu, mulhu, div, divu, rem, remu over all V64 x V64
 * pairs (division by zero, INT64_MIN / -1 overflow, every sign combination of the high-half
 * multiplies); mulw, divw, divuw, remw, remuw over V32 x V32 (INT32_MIN / -1, by zero, operands
 * with garbage upper halves). rd equal to a source. PUTHEX of each result.
 */
#include "sys.h"

    START
    RR_V64 mul, mulh, mulhsu, mulhu, div, divu, rem, remu

    RR_V32 mulw, divw, divuw, remw, remuw

    PUTS "aliasing\n"
    li a1, -7
    li a2, 2
    div a1, a1, a2
    PUTHEX a1
    li a1, -7
    rem a2, a1, a2
    PUTHEX a2
    li a1, 0x8000000000000000
    mulh a1, a1, a1
    PUTHEX a1
    EXIT 0
