/*
 * ARMv7-M faults taken in a thread: each is reported as a CPU exception
 * (K_ERR_CPU_EXCEPTION), the thread ends, and the system goes on.
 */
#include <kestrel/ktest.h>

#define STACK 1024

static K_THREAD_STACK_DEFINE(stack, STACK);
static struct k_thread thread;
static volatile int reached;

static void undefined_instruction(void)
{
	__asm__ volatile("udf #0");
}

static void bad_memory_read(void)
{
	/* Nothing is mapped there on the mps2-an385: a precise bus fault. */
	(void)*(volatile uint32_t *)0xfffffff0u;
}

static void divide_by_zero(void)
{
	volatile int zero = 0;

	reached = 10 / zero;
}

static void fault_entry(void *p1, void *p2, void *p3)
{
	void (*fault)(void) = (void (*)(void))p1;

	(void)p2;
	(void)p3;
	reached = 1;
	fault();
	reached = 2; /* must not be reached */
}

static void run_fault(void (*fault)(void))
{
	reached = 0;
	ktest_expect_fatal(K_ERR_CPU_EXCEPTION);
	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     fault_entry, (void *)fault, NULL, NULL, 3, 0,
				     K_FOREVER), 0);
	kt_assert_eq(k_thread_name_set(&thread, "faulty"), 0);
	kt_assert_eq(k_thread_start(&thread), 0);
	kt_assert_eq(k_thread_join(&thread, K_SECONDS(1)), 0);
	kt_assert_eq(reached, 1);
	kt_assert_true(k_thread_state_get(&thread) & K_THREAD_DEAD);
}

KTEST_SUITE(arm_fault, NULL, NULL, NULL, NULL);

KTEST(arm_fault, undefined_instruction_is_reported)
{
	run_fault(undefined_instruction);
}

KTEST(arm_fault, bad_memory_read_is_reported)
{
	run_fault(bad_memory_read);
}

KTEST(arm_fault, divide_by_zero_is_reported)
{
	run_fault(divide_by_zero);
}

KTEST(arm_fault, system_goes_on_after_faults)
{
	K_SEM_DEFINE(sem, 0, 1);

	kt_assert_eq(k_sem_give(&sem), 0);
	kt_assert_eq(k_sem_take(&sem, K_MSEC(10)), 0);
	kt_assert_eq(k_msleep(5), 0);
}
