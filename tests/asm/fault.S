/*
 * fault.S — print a line, then store to guest address 8, which is never mapped: the guest dies of
 * SIGSEGV (no handler), so the emulator must die of SIGSEGV too (status 139 from the shell).
 */
#include "sys.h"

    START
    PUTS "before fault\n"
    li t0, 8
    li t1, 0x1234
    sd t1, 0(t0)
    PUTS "after fault\n"
    EXIT 0
