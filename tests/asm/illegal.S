/*
 * illegal.S — print a line, then execute the defined-illegal all-zero 16-bit instruction: the guest
 * dies of SIGILL (status 132 from the shell).
 */
#include "sys.h"

    START
    PUTS "before illegal\n"
    .2byte 0
    PUTS "after illegal\n"
    EXIT 0
