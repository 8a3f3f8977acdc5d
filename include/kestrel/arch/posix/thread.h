/* native_sim: a kernel thread is a host ucontext on the thread's own stack. */
#ifndef KESTREL_ARCH_POSIX_THREAD_H
#define KESTREL_ARCH_POSIX_THREAD_H

#include <ucontext.h>

struct arch_thread {
	ucontext_t ctx;
	/** Sanitizer fiber bookkeeping (unused without ASan). */
	void *fake_stack;
};

/** Extra bytes every thread stack gets: host libc calls (printf, signal
 * delivery) and sanitizer frames run on kernel stacks. */
#define ARCH_STACK_RESERVED 32768
#define ARCH_STACK_ALIGN 16

#endif
