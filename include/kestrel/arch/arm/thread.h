/*
 * ARMv7-M: a switched-out thread's registers are on its own stack (the
 * exception frame the hardware pushed plus r4-r11 pushed by PendSV); the
 * thread object keeps only the process stack pointer.
 */
#ifndef KESTREL_ARCH_ARM_THREAD_H
#define KESTREL_ARCH_ARM_THREAD_H

#include <stdint.h>

struct arch_thread {
	uint32_t psp; /**< must stay the first member: PendSV uses offset 0 */
};

/** Room for the saved context (16 words) below the thread's own frames. */
#define ARCH_STACK_RESERVED 64
#define ARCH_STACK_ALIGN 8

#endif
