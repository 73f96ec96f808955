/* exit42.S — exit_group(42) and nothing else: exit status propagation. 5 instructions. */
#include "sys.h"

    START
    EXIT 42
