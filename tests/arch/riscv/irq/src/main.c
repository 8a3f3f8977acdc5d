/*
 * PLIC interrupt lines on qemu_rv32, raised by two devices of the virt
 * machine that the test can drive (the PLIC has no software trigger):
 * - line 11, the goldfish RTC: an alarm set in the past asserts it at
 *   once, CLEAR_INTERRUPT lowers it;
 * - line 10, the NS16550 console UART: enabling the "transmitter empty"
 *   interrupt asserts it (the transmitter is idle), disabling lowers it.
 * Both are level interrupts: a line stays asserted until its ISR acks it.
 */
#include <string.h>

#include <kestrel/irq.h>
#include <kestrel/ktest.h>

#define LINE_RTC 11
#define LINE_UART 10

#define RTC_REG(off) (*(volatile uint32_t *)(0x00101000u + (off)))
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_CLEAR_INTERRUPT 0x1c
#define UART_IER (*(volatile uint8_t *)0x10000001u)
#define UART_IER_THR_EMPTY 0x02u

static char order[16];
static volatile unsigned int n_order;
static volatile int ran_rtc, ran_uart, in_isr_seen;
static K_SEM_DEFINE(isr_sem, 0, 1);

static void note(char c)
{
	if (n_order < sizeof(order) - 1) {
		order[n_order++] = c;
	}
}

/* A few branches: QEMU takes a pending interrupt between blocks. */
static void settle(void)
{
	for (volatile int i = 0; i < 16; i++) {
	}
}

static void rtc_raise(void)
{
	RTC_REG(RTC_IRQ_ENABLED) = 1;
	RTC_REG(RTC_ALARM_HIGH) = 0;
	RTC_REG(RTC_ALARM_LOW) = 0; /* in the past: fires now */
}

static void rtc_ack(void)
{
	RTC_REG(RTC_CLEAR_INTERRUPT) = 1;
	RTC_REG(RTC_IRQ_ENABLED) = 0;
}

static void uart_raise(void)
{
	UART_IER = UART_IER_THR_EMPTY;
}

static void uart_ack(void)
{
	UART_IER = 0;
}

static void isr_uart(const void *arg)
{
	uart_ack();
	ran_uart += (int)(intptr_t)arg;
	in_isr_seen = k_is_in_isr();
	note('U');
}

static void isr_rtc(const void *arg)
{
	rtc_ack();
	ran_rtc += (int)(intptr_t)arg;
	in_isr_seen = k_is_in_isr();
	note('R');
}

/* Notes, raises the UART line, notes again: the UART ISR runs in between
 * only if it is more urgent. */
static void isr_rtc_raises_uart(const void *arg)
{
	(void)arg;
	rtc_ack();
	note('r');
	uart_raise();
	settle();
	note('R');
}

static void isr_give(const void *arg)
{
	(void)arg;
	rtc_ack();
	(void)k_sem_give(&isr_sem);
}

static void before(void *fixture)
{
	(void)fixture;
	n_order = 0;
	memset(order, 0, sizeof(order));
	ran_rtc = ran_uart = in_isr_seen = 0;
	(void)k_sem_init(&isr_sem, 0, 1);
}

static void after(void *fixture)
{
	(void)fixture;
	irq_disable(LINE_RTC);
	irq_disable(LINE_UART);
	rtc_ack();
	uart_ack();
}

KTEST_SUITE(riscv_irq, NULL, before, after, NULL);

KTEST(riscv_irq, connected_isr_runs_in_isr_context_with_its_argument)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 2, isr_rtc, (void *)5), 0);
	irq_enable(LINE_RTC);
	rtc_raise();
	settle();
	kt_assert_eq(ran_rtc, 5);
	kt_assert_eq(in_isr_seen, 1);
	kt_assert_false(k_is_in_isr());
}

KTEST(riscv_irq, isr_runs_once_per_raise_when_acked)
{
	kt_assert_eq(irq_connect_dynamic(LINE_UART, 2, isr_uart, (void *)1), 0);
	irq_enable(LINE_UART);
	for (int i = 0; i < 3; i++) {
		uart_raise();
		settle();
	}
	kt_assert_eq(ran_uart, 3);
}

KTEST(riscv_irq, irq_lock_defers_an_interrupt_until_unlock)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 0, isr_rtc, (void *)1), 0);
	irq_enable(LINE_RTC);
	unsigned int key = irq_lock();

	rtc_raise();
	settle();
	int seen = ran_rtc;

	irq_unlock(key);
	settle();
	kt_assert_eq(seen, 0);
	kt_assert_eq(ran_rtc, 1);
}

KTEST(riscv_irq, disabled_line_stays_pending_until_enabled)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 2, isr_rtc, (void *)1), 0);
	irq_disable(LINE_RTC);
	rtc_raise();
	settle();
	kt_assert_eq(ran_rtc, 0);
	irq_enable(LINE_RTC);
	settle();
	kt_assert_eq(ran_rtc, 1);
}

KTEST(riscv_irq, more_urgent_line_nests_inside_a_less_urgent_isr)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 3, isr_rtc_raises_uart, NULL), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_UART, 1, isr_uart, (void *)1), 0);
	irq_enable(LINE_RTC);
	irq_enable(LINE_UART);
	rtc_raise();
	settle();
	kt_assert_str_eq(order, "rUR");
}

KTEST(riscv_irq, less_urgent_line_waits_for_the_running_isr)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 1, isr_rtc_raises_uart, NULL), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_UART, 3, isr_uart, (void *)1), 0);
	irq_enable(LINE_RTC);
	irq_enable(LINE_UART);
	rtc_raise();
	settle();
	kt_assert_str_eq(order, "rRU");
}

KTEST(riscv_irq, equal_priority_line_waits_for_the_running_isr)
{
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 2, isr_rtc_raises_uart, NULL), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_UART, 2, isr_uart, (void *)1), 0);
	irq_enable(LINE_RTC);
	irq_enable(LINE_UART);
	rtc_raise();
	settle();
	kt_assert_str_eq(order, "rRU");
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

KTEST(riscv_irq, isr_waking_a_higher_priority_thread_switches_on_exit)
{
	waiter_done = 0;
	kt_assert_eq(k_thread_create(&waiter, waiter_stack, K_THREAD_STACK_SIZEOF(waiter_stack),
				     waiter_entry, NULL, NULL, NULL, 2, 0, K_NO_WAIT), 0);
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 2, isr_give, NULL), 0);
	irq_enable(LINE_RTC);
	rtc_raise();
	settle();
	/* The waiter ran between the ISR and this line. */
	kt_assert_eq(waiter_done, 1);
	kt_assert_eq(k_thread_join(&waiter, K_SECONDS(1)), 0);
}

KTEST(riscv_irq, timer_keeps_time_while_lines_fire)
{
	kt_assert_eq(irq_connect_dynamic(LINE_UART, 0, isr_uart, (void *)1), 0);
	irq_enable(LINE_UART);
	int64_t start = k_uptime_get();

	for (int i = 0; i < 5; i++) {
		uart_raise();
		kt_assert_eq(k_msleep(2), 0);
	}
	kt_assert_eq(ran_uart, 5);
	kt_assert_ge(k_uptime_get() - start, 10);
}

KTEST(riscv_irq, bad_line_or_priority_is_rejected)
{
	kt_assert_eq(irq_connect_dynamic(0, 0, isr_rtc, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(CONFIG_NUM_IRQS, 0, isr_rtc, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 7, isr_rtc, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 0, NULL, NULL), -EINVAL);
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, IRQ_PRIO_ZERO_LATENCY, isr_rtc, NULL),
		     -ENOTSUP);
	/* Seven levels: 0 .. 6 are accepted. */
	kt_assert_eq(irq_connect_dynamic(LINE_RTC, 6, isr_rtc, NULL), 0);
}

/* A C function named start(): with -ffunction-sections it lands in
 * .text.start, which must not be where the reset entry is (start.S's
 * .kestrel_reset); if it were, this image would run it at reset and fault
 * before printing anything. Not static, and called, so the link keeps it. */
int start(void);

int start(void)
{
	return 42;
}

KTEST(riscv_irq, a_c_function_named_start_is_not_the_reset_entry)
{
	kt_assert_eq(start(), 42);
}
