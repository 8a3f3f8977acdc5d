/*
 * native_sim: a kernel thread is a host execution context on the thread's
 * own stack. On x86-64 hosts the switch is a few instructions of assembly
 * (callee-saved registers + stack pointer, no system call); elsewhere it
 * falls back to ucontext (swapcontext also saves the signal mask, which
 * costs a system call per switch).
 */
#ifndef KESTREL_ARCH_POSIX_THREAD_H
#define KESTREL_ARCH_POSIX_THREAD_H

#if defined(__x86_64__)
#define ARCH_POSIX_ASM_SWITCH 1
struct arch_thread {
	void *sp;         /**< saved stack pointer (registers are on the stack) */
	void *fake_stack; /**< sanitizer fiber bookkeeping (unused without ASan) */
	unsigned int valgrind_id; /**< stack registration under valgrind */
};
#else
#include <ucontext.h>
struct arch_thread {
	ucontext_t ctx;
	void *fake_stack;
	unsigned int valgrind_id;
};
#endif

/** Extra bytes every thread stack gets: host libc calls (printf, signal
 * delivery) and sanitizer frames run on kernel stacks. With the slirp
 * Ethernet backend, libslirp runs on the kernel stack of whichever thread
 * calls it (tcpip thread: slirp_input; idle thread: its poller), and its
 * if_encap() keeps a 64 KiB frame buffer on the stack: 160 KiB more, or it
 * writes below the stack into other threads' memory (96 KiB was enough
 * until an IPv6 host forward's first connection, under ASan: slirp's
 * inet_ntop() through the sanitizer's interceptor overran it; measured:
 * 112 KiB is enough there, so 160 KiB leaves 48 KiB of margin). */
#ifdef CONFIG_ETH_NATIVE
#define ARCH_STACK_RESERVED (32768 + 163840)
#else
#define ARCH_STACK_RESERVED 32768
#endif
#define ARCH_STACK_ALIGN 16

#endif
