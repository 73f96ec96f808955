/*
 * safe_syscall.c — host system calls a guest signal can interrupt without a lost wake-up.
 *
 * The race it closes: a vCPU is about to block in a host syscall (read on an empty pipe) when a
 * host signal arrives; the handler only queues the guest signal and kicks the vCPU
 * (ATTN_SIGNAL). If that happens after the vCPU last looked at its signals but before the kernel
 * entered the syscall, the thread sleeps with a guest signal pending, perhaps forever.
 *
 * safe_syscall6 tests ATTN_SIGNAL in the vCPU's attention word as its last step before the
 * `syscall` instruction, and every host signal handler that may kick the thread it runs on calls
 * safe_syscall_rewind on the interrupted context: if the context's pc lies between that test and
 * the end of the `syscall` instruction (the kernel has not started the call, or rewound it to be
 * issued again), the pc moves to an exit that returns -SYS_ERESTARTSYS. So either the test sees
 * the kick, or the handler moves the pc, or the call was already in the kernel and the signal
 * makes it return -EINTR (plume's handlers have no SA_RESTART). Callers treat -SYS_ERESTARTSYS
 * as "not started": the ecall is executed again after the cpu loop has looked at the signals.
 *
 * x86-64 only: the calling convention moves (nr, a1..a6) from the C argument registers and stack
 * into rax, rdi, rsi, rdx, r10, r8, r9; rcx and r11 are clobbered by `syscall` as usual.
 *
 * Threading: safe_syscall6 on the owning vCPU's thread; safe_syscall_rewind inside host signal
 * handlers (async-signal-safe: it reads and writes the context only).
 */
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "../exec/cpu.h"
#include "linux.h"

#define STR_(x) #x
#define STR(x) STR_(x)

_Static_assert(ATTN_SIGNAL == 1, "the attention test below hard-codes ATTN_SIGNAL");

__asm__(".text\n"
        ".globl safe_syscall6\n"
        ".type safe_syscall6, @function\n"
        "safe_syscall6:\n"
        ".cfi_startproc\n"
        "    movq %rdi, %r11\n"   /* attention word */
        "    movq %rsi, %rax\n"   /* nr */
        "    movq %rdx, %rdi\n"   /* a1 */
        "    movq %rcx, %rsi\n"   /* a2 */
        "    movq %r8, %rdx\n"    /* a3 */
        "    movq %r9, %r10\n"    /* a4 */
        "    movq 8(%rsp), %r8\n" /* a5 */
        "    movq 16(%rsp), %r9\n" /* a6 */
        ".globl safe_syscall_start\n"
        ".hidden safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    testl $1, (%r11)\n"
        "    jnz safe_syscall_interrupted\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        ".hidden safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    ret\n"
        ".globl safe_syscall_interrupted\n"
        ".hidden safe_syscall_interrupted\n"
        "safe_syscall_interrupted:\n"
        "    movq $-" STR(SYS_ERESTARTSYS) ", %rax\n"
        "    ret\n"
        ".cfi_endproc\n"
        ".size safe_syscall6, .-safe_syscall6\n");

extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_interrupted[];

void safe_syscall_rewind(void *ucv)
{
    ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];

    if (pc >= (uintptr_t)safe_syscall_start && pc < (uintptr_t)safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_interrupted;
}
