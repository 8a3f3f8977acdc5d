/*
 * Boot: devices by level, the idle and main threads, then main().
 *
 * The port's start-up code calls z_cstart() on the boot stack with irqs
 * locked. Returning from main() ends the system with main's return value
 * as the exit status.
 */
#include <kestrel/init.h>

#include "kernel_internal.h"

int main(void);

static struct k_thread main_thread;
static struct k_thread idle_thread;
static K_THREAD_STACK_DEFINE(main_stack, CONFIG_MAIN_STACK_SIZE);
static K_THREAD_STACK_DEFINE(idle_stack, CONFIG_IDLE_STACK_SIZE);

/* SYS_INIT entries, per level (weak: a level may have none). */
#define INIT_SECTION_BOUNDS(level)                                           \
	extern const struct init_entry *const __start_sys_init_##level[]     \
		__attribute__((weak));                                       \
	extern const struct init_entry *const __stop_sys_init_##level[]      \
		__attribute__((weak))
INIT_SECTION_BOUNDS(PRE_KERNEL_1);
INIT_SECTION_BOUNDS(PRE_KERNEL_2);
INIT_SECTION_BOUNDS(POST_KERNEL);
INIT_SECTION_BOUNDS(APPLICATION);

static void run_sys_inits(const struct init_entry *const *start,
			  const struct init_entry *const *stop)
{
	for (const struct init_entry *const *e = start; e < stop; e++) {
		int ret = (*e)->fn();

		if (ret != 0) {
			printk("init: %s failed: %d\n", (*e)->name, ret);
		}
	}
}

void z_init_level(enum device_init_level level)
{
	device_init_level(level);
	switch (level) {
	case DEVICE_INIT_PRE_KERNEL_1:
		run_sys_inits(__start_sys_init_PRE_KERNEL_1, __stop_sys_init_PRE_KERNEL_1);
		break;
	case DEVICE_INIT_PRE_KERNEL_2:
		run_sys_inits(__start_sys_init_PRE_KERNEL_2, __stop_sys_init_PRE_KERNEL_2);
		break;
	case DEVICE_INIT_POST_KERNEL:
		run_sys_inits(__start_sys_init_POST_KERNEL, __stop_sys_init_POST_KERNEL);
		break;
	case DEVICE_INIT_APPLICATION:
		run_sys_inits(__start_sys_init_APPLICATION, __stop_sys_init_APPLICATION);
		break;
	}
}

static void idle_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (;;) {
		(void)arch_irq_lock();
		arch_cpu_idle();
	}
}

static void main_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	z_init_level(DEVICE_INIT_POST_KERNEL);
	if (IS_ENABLED(CONFIG_BOOT_BANNER)) {
		printk("*** Kestrel v" KESTREL_VERSION_STRING " on %s ***\n",
		       CONFIG_BOARD);
	}
	z_init_level(DEVICE_INIT_APPLICATION);
	k_sys_exit(main());
}

void z_cstart(void) __attribute__((noreturn));
void z_cstart(void)
{
	arch_kernel_init();
	z_sched_init();
	z_init_level(DEVICE_INIT_PRE_KERNEL_1);
	z_init_level(DEVICE_INIT_PRE_KERNEL_2);

	z_thread_init_common(&idle_thread, false, idle_stack, sizeof(idle_stack),
			     idle_entry, NULL, NULL, NULL, K_IDLE_PRIO, "idle");
	z_kernel.idle = &idle_thread;
	z_ready_thread(&idle_thread);
	z_thread_init_common(&main_thread, false, main_stack, sizeof(main_stack),
			     main_entry, NULL, NULL, NULL,
			     CONFIG_MAIN_THREAD_PRIORITY, "main");
	z_ready_thread(&main_thread);
	z_kernel.current = &main_thread;
	arch_switch_to_main_thread(&main_thread);
}
