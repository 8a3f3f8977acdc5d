/*
 * native_sim CPU port: kernel threads are host execution contexts on one
 * host thread (see include/kestrel/arch/posix/thread.h for the switch);
 * "interrupts" are simulated (see posix_hw.h).
 *
 * The port is deterministic: nothing happens behind the kernel's back. An
 * interrupt is delivered only where interrupts are unlocked: in the idle
 * loop, in k_busy_wait() and when irq_unlock() re-enables them.
 *
 * Under AddressSanitizer every switch is announced with the fiber API so
 * ASan tracks which stack is live.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "arch_interface.h"
#include "posix_hw.h"

#if defined(__SANITIZE_ADDRESS__)
#define POSIX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POSIX_ASAN 1
#endif
#endif

#ifdef POSIX_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
				    size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
				     const void **bottom_old, size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#else
static inline void __asan_unpoison_memory_region(void const volatile *a, size_t s)
{
	(void)a;
	(void)s;
}
static inline void __sanitizer_start_switch_fiber(void **f, const void *b,
						  size_t s)
{
	(void)f;
	(void)b;
	(void)s;
}
static inline void __sanitizer_finish_switch_fiber(void *f, const void **b,
						   size_t *s)
{
	(void)f;
	(void)b;
	(void)s;
}
#endif

/* Tell valgrind (when present) where thread stacks are, so a switch is
 * not mistaken for a huge stack frame. The requests cost a few
 * instructions when not running under valgrind. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define POSIX_VALGRIND 1
#endif
#endif

bool posix_irq_locked = true;
int posix_isr_nesting;

#ifdef ARCH_POSIX_ASM_SWITCH
/*
 * void posix_switch(void **save_sp, void *load_sp)
 * Push the System V callee-saved registers, the SSE control/status and
 * x87 control words; store the stack pointer in *save_sp; load load_sp;
 * pop the same from there and return into the other context.
 */
void posix_switch(void **save_sp, void *load_sp);
__asm__(".text\n"
	".globl posix_switch\n"
	".type posix_switch, @function\n"
	"posix_switch:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size posix_switch, .-posix_switch\n");

typedef void *posix_ctx_t;
#define CTX(t) (&(t)->arch.sp)
static void ctx_swap(posix_ctx_t *save, posix_ctx_t *load)
{
	posix_switch(save, *load);
}
#else
typedef ucontext_t posix_ctx_t;
#define CTX(t) (&(t)->arch.ctx)
static void ctx_swap(posix_ctx_t *save, posix_ctx_t *load)
{
	if (swapcontext(save, load) != 0) {
		perror("native_sim: swapcontext");
		abort();
	}
}
#endif

static posix_ctx_t host_ctx;     /* the process's own stack (boot, exit) */
static void *host_fake_stack;
static const void *host_stack_bottom;
static size_t host_stack_size;
static struct k_thread *starting; /* thread whose trampoline runs next */
static int exit_status;
static bool threads_running;

void arch_kernel_init(void)
{
	posix_irq_locked = true;
}

static void trampoline(void)
{
	const void *from_bottom = NULL;
	size_t from_size = 0;

	__sanitizer_finish_switch_fiber(NULL, &from_bottom, &from_size);
	if (host_stack_bottom == NULL) {
		host_stack_bottom = from_bottom;
		host_stack_size = from_size;
	}
	posix_irq_locked = false;
	posix_irq_dispatch();
	z_thread_entry(starting);
}

void arch_new_thread(struct k_thread *thread, char *stack, size_t size)
{
	thread->arch.fake_stack = NULL;
	/* A thread that was aborted never unwound: its frames' redzones are
	 * still poisoned in this (reused) stack. */
	__asan_unpoison_memory_region(stack, size);
#ifdef POSIX_VALGRIND
	if (thread->arch.valgrind_id != 0) {
		VALGRIND_STACK_DEREGISTER(thread->arch.valgrind_id);
	}
	thread->arch.valgrind_id = VALGRIND_STACK_REGISTER(stack, stack + size);
#endif
#ifdef ARCH_POSIX_ASM_SWITCH
	/*
	 * A frame posix_switch() can return from: control words, six zeroed
	 * registers, the trampoline as return address, and a null fake return
	 * address above it so the trampoline starts with the ABI's alignment.
	 */
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	uint64_t *sp = (uint64_t *)top;

	*--sp = 0;                        /* trampoline's return address */
	*--sp = (uint64_t)(uintptr_t)trampoline;
	for (int i = 0; i < 6; i++) {
		*--sp = 0;                /* rbp rbx r12 r13 r14 r15 */
	}
	*--sp = 0x1f80u | (0x037fULL << 32); /* MXCSR, x87 control word */
	thread->arch.sp = sp;
#else
	if (getcontext(&thread->arch.ctx) != 0) {
		perror("native_sim: getcontext");
		abort();
	}
	thread->arch.ctx.uc_stack.ss_sp = stack;
	thread->arch.ctx.uc_stack.ss_size = size;
	thread->arch.ctx.uc_link = NULL;
	makecontext(&thread->arch.ctx, trampoline, 0);
#endif
}

void arch_switch(struct k_thread *old, struct k_thread *new)
{
	bool old_dead = (old->state & K_THREAD_DEAD) != 0;

	starting = new;
	__sanitizer_start_switch_fiber(old_dead ? NULL : &old->arch.fake_stack,
				       new->stack_start, new->stack_size);
	ctx_swap(CTX(old), CTX(new));
	__sanitizer_finish_switch_fiber(old->arch.fake_stack, NULL, NULL);
}

void arch_switch_to_main_thread(struct k_thread *main_thread)
{
	starting = main_thread;
	threads_running = true;
	__sanitizer_start_switch_fiber(&host_fake_stack, main_thread->stack_start,
				       main_thread->stack_size);
	ctx_swap(&host_ctx, CTX(main_thread));
	/* Back on the host stack: arch_system_halt() was called. */
	__sanitizer_finish_switch_fiber(host_fake_stack, NULL, NULL);
	fflush(stdout);
	exit(exit_status);
}

void arch_system_halt(int status)
{
	static posix_ctx_t dead;

	fflush(stdout);
	exit_status = status;
	if (!threads_running) {
		exit(status); /* still on the host stack: before any thread */
	}
	__sanitizer_start_switch_fiber(NULL, host_stack_bottom, host_stack_size);
	ctx_swap(&dead, &host_ctx);
	abort(); /* not reached */
}

/* arch_irq_lock/unlock and arch_is_in_isr: inline, in arch_inlines.h. */

void arch_cpu_idle(void)
{
	posix_irq_locked = false;
	posix_hw_idle();
}

void arch_irq_offload(void (*fn)(const void *arg), const void *arg)
{
	unsigned int key = arch_irq_lock();

	posix_isr_nesting++;
	fn(arg);
	posix_isr_nesting--;
	if (posix_isr_nesting == 0) {
		z_isr_exit_reschedule();
	}
	arch_irq_unlock(key);
}

void arch_busy_wait(uint32_t usec)
{
	posix_hw_busy_wait(usec);
}

int arch_irq_connect(unsigned int irq, unsigned int prio,
		     void (*isr)(const void *arg), const void *arg)
{
	if (prio == IRQ_PRIO_ZERO_LATENCY) {
		return -ENOTSUP; /* simulated lines have no priorities */
	}
	return posix_irq_connect(irq, isr, arg);
}

void arch_irq_enable(unsigned int irq)
{
	posix_irq_enable(irq, true);
}

void arch_irq_disable(unsigned int irq)
{
	posix_irq_enable(irq, false);
}
