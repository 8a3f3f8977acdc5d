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

void z_fatal_error(unsigned int reason, const char *file, int line)
{
	struct k_thread *cur = z_current();

	printk(">>> FATAL ERROR %u: %s at %s:%d in %sthread '%s'\n", reason,
	       reason_str(reason), file, line,
	       arch_is_in_isr() ? "an ISR over " : "", cur != NULL ? cur->name : "");
	k_sys_fatal_error_handler(reason);
	/* The handler returned: the faulting thread ends, the system goes on. */
	if (cur == NULL || arch_is_in_isr() || cur == z_kernel.idle) {
		arch_system_halt(134);
	}
	(void)k_thread_abort(cur);
	arch_system_halt(134); /* not reached */
}

void k_sys_exit(int status)
{
	arch_system_halt(status);
}
