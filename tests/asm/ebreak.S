/* ebreak.S — print a line, then ebreak: the guest dies of SIGTRAP (status 133 from the shell). */
#include "sys.h"

    START
    PUTS "before ebreak\n"
    ebreak
    PUTS "after ebreak\n"
    EXIT 0
