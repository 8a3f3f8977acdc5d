/*
 * Interrupt lines on ARMv7-M, triggered by software through the NVIC's
 * STIR register (lines 24-26 are not wired to any mps2-an385 device).
 */
#include <kestrel/arch/arm/cmsis.h>
#include <kestrel/irq.h>
#include <kestrel/ktest.h>

#define LINE_A 24
#define LINE_B 25
#define LINE_Z 26

static char order[16];
static volatile unsigned int n_order;
static volatile int ran_a, ran_b, ran_z;
K_SEM_DEFINE(isr_sem, 0, 1);

static void note(char c)
{
	if (n_order < sizeof(order) - 1) {
		order[n_order++] = c;
	}
}

static void trigger(unsigned int line)
{
	NVIC_STIR = line;
	__asm__ volatile("dsb\nisb" ::: "memory");
}

static void isr_b(const void *arg)
{
	ran_b += (int)(intptr_t)arg;
	note('B');
}

/* A notes, pends B, notes again: B nests inside A if it is more urgent. */
static void isr_a(const void *arg)
{
	(void)arg;
	ran_a++;
	note('a');
	trigger(LINE_B);
	note('A');
}

static void isr_z(const void *arg)
{
	(void)arg;
	ran_z++;
}

static void isr_give(const void *arg)
{
	(void)arg;
	k_sem_give(&isr_sem);
}

static void before(void *fixture)
{
	(void)fixture;
	n_order = 0;
	memset(order, 0, sizeof(order));
	ran_a = ran_b = ran_z = 0;
	k_sem_init(&isr_sem, 0, 1);
}

static void after(void *fixture)
{
	(void)fixture;
	irq_disable(LINE_A);
	irq_disable(LINE_B);
	irq_disable(LINE_Z);
}

KTEST_SUITE(arm_irq, NULL, before, after, NULL);

KTEST(arm_irq, connected_isr_runs_with_its_argument)
{
	kt_assert_eq(irq_connect_dynamic(LINE_B, 2, isr_b, (void *)5), 0);
	irq_enable(LINE_B);
	trigger(LINE_B);
	kt_assert_eq(ran_b, 5);
}

KTEST(arm_irq, irq_lock_defers_a_kernel_interrupt_until_unlock)
{
	kt_assert_eq(irq_connect_dynamic(LINE_B, 0, isr_b, (void *)1), 0);
	irq_enable(LINE_B);
	unsigned int key = irq_lock();

	trigger(LINE_B);
	kt_assert_eq(ran_b, 0);
	irq_unlock(key);
	kt_assert_eq(ran_b, 1);
}

KTEST(arm_irq, zero_latency_interrupt_runs_inside_irq_lock)
{
	kt_assert_eq(irq_connect_dynamic(LINE_Z, IRQ_PRIO_ZERO_LATENCY, isr_z, NULL), 0);
	irq_enable(LINE_Z);
	unsigned int key = irq_lock();

	trigger(LINE_Z);
	int seen = ran_z;

	irq_unlock(key);
	kt_assert_eq(seen, 1);
}

KTEST(arm_irq, more_urgent_interrupt_nests_inside_a_less_urgent_isr)
{
	kt_assert_eq(irq_connect_dynamic(LINE_A, 3, isr_a, NULL), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_B, 1, isr_b, (void *)1), 0);
	irq_enable(LINE_A);
	irq_enable(LINE_B);
	trigger(LINE_A);
	kt_assert_str_eq(order, "aBA");
}

KTEST(arm_irq, less_urgent_interrupt_waits_for_the_running_isr)
{
	kt_assert_eq(irq_connect_dynamic(LINE_A, 1, isr_a, NULL), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_B, 3, isr_b, (void *)1), 0);
	irq_enable(LINE_A);
	irq_enable(LINE_B);
	trigger(LINE_A);
	kt_assert_str_eq(order, "aAB");
}

KTEST(arm_irq, disabled_line_stays_pending_until_enabled)
{
	kt_assert_eq(irq_connect_dynamic(LINE_B, 2, isr_b, (void *)1), 0);
	irq_disable(LINE_B);
	trigger(LINE_B);
	kt_assert_eq(ran_b, 0);
	irq_enable(LINE_B);
	__asm__ volatile("dsb\nisb" ::: "memory");
	kt_assert_eq(ran_b, 1);
}

static struct k_thread waiter;
static K_THREAD_STACK_DEFINE(waiter_stack, 1024);
static volatile int waiter_done;

static void waiter_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	if (k_sem_take(&isr_sem, K_SECONDS(1)) == 0) {
		waiter_done = 1;
	}
}

KTEST(arm_irq, isr_waking_a_higher_priority_thread_switches_on_exit)
{
	waiter_done = 0;
	kt_assert_eq(k_thread_create(&waiter, waiter_stack, K_THREAD_STACK_SIZEOF(waiter_stack),
				     waiter_entry, NULL, NULL, NULL, 2, 0, K_NO_WAIT), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_B, 2, isr_give, NULL), 0);
	irq_enable(LINE_B);
	trigger(LINE_B);
	/* The waiter ran between the ISR and this line. */
	kt_assert_eq(waiter_done, 1);
	kt_assert_eq(k_thread_join(&waiter, K_SECONDS(1)), 0);
}

KTEST(arm_irq, bad_line_or_priority_is_rejected)
{
	kt_assert_eq(irq_connect_dynamic(CONFIG_NUM_IRQS, 0, isr_b, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(LINE_B, 6, isr_b, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(LINE_B, 0, NULL, NULL), -EINVAL);
}
