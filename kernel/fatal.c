/* Fatal errors: report, then let the handler decide. */
#include "kernel_internal.h"

static const char *reason_str(unsigned int reason)
{
	static const char *const names[] = {
		[K_ERR_CPU_EXCEPTION] = "CPU exception",
		[K_ERR_STACK_CHK_FAIL] = "stack overflow",
		[K_ERR_KERNEL_OOPS] = "kernel oops",
		[K_ERR_KERNEL_PANIC] = "kernel panic",
		[K_ERR_ASSERT] = "assertion failure",
	};

	return reason < ARRAY_SIZE(names) ? names[reason] : "unknown error";
}

__attribute__((weak)) void k_sys_fatal_error_handler(unsigned int reason)
{
	(void)reason;
	arch_system_halt(134);
}

void z_fatal_error_in(unsigned int reason, const char *file, int line,
		      bool thread_context)
{
	struct k_thread *cur = z_current();

	if (file != NULL) {
		printk(">>> FATAL ERROR %u: %s at %s:%d in %sthread '%s'\n", reason,
		       reason_str(reason), file, line,
		       thread_context ? "" : "an ISR over ",
		       cur != NULL ? cur->name : "");
	} else {
		printk(">>> FATAL ERROR %u: %s in %sthread '%s'\n", reason,
		       reason_str(reason), thread_context ? "" : "an ISR over ",
		       cur != NULL ? cur->name : "");
	}
	k_sys_fatal_error_handler(reason);
	/* The handler returned: the faulting thread ends, the system goes on. */
	if (cur == NULL || !thread_context || cur == z_kernel.idle ||
	    reason == K_ERR_KERNEL_PANIC) {
		arch_system_halt(134);
	}
	/* From an exception handler this only marks the thread dead; the
	 * port switches away on the way out. */
	(void)k_thread_abort(cur);
}

void z_fatal_error(unsigned int reason, const char *file, int line)
{
	z_fatal_error_in(reason, file, line, !arch_is_in_isr());
	arch_system_halt(134); /* not reached for a thread: it was aborted */
}

void k_sys_exit(int status)
{
	arch_system_halt(status);
}
