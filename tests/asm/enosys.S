/*
 * enosys.S — call the nonexistent syscall 500 twice and print both results (-ENOSYS, -38, i.e.
 * ffffffffffffffda), then exit 0. Used by tests/cli for `-d unimp`.
 */
#include "sys.h"

    START
    li a7, 500
    ecall
    PUTHEX a0
    li a7, 500
    ecall
    PUTHEX a0
    EXIT 0
