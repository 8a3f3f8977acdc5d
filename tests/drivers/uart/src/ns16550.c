/*
 * NS16550 only: its internal loopback (MCR bit 4, modelled by QEMU)
 * gives a second source of bytes, so the test can check what was sent
 * and make the UART's own 16-byte receive FIFO overrun (LSR bit 1),
 * which the driver counts as uart_stats.hw_overrun.
 * Runs after the stdin cases (suite names sort after them).
 */
#include <errno.h>
#include <string.h>

#include <kestrel/ktest.h>

#include "uart_test.h"

static void after(void *fixture)
{
	(void)fixture;
	(void)uart_rx_disable(UART_DEV);
	(void)uart_ns16550_loopback(UART_DEV, false);
}

KTEST_SUITE(uart_c_ns16550, NULL, NULL, after, NULL);

KTEST(uart_c_ns16550, loopback_of_a_foreign_device_is_einval)
{
	static const struct device other = { .name = "other" };

	kt_assert_eq(uart_ns16550_loopback(NULL, true), -EINVAL);
	kt_assert_eq(uart_ns16550_loopback(&other, true), -EINVAL);
}

KTEST(uart_c_ns16550, interrupt_driven_tx_comes_back_in_loopback)
{
	static const char msg[] = "loopback 0123";
	unsigned char buf[sizeof(msg)] = { 0 };
	size_t got = 0;

	kt_assert_eq(uart_ns16550_loopback(UART_DEV, true), 0);
	kt_assert_eq(uart_rx_enable(UART_DEV), 0);
	kt_assert_eq(uart_write(UART_DEV, msg, sizeof(msg) - 1), (int)sizeof(msg) - 1);
	while (got < sizeof(msg) - 1) {
		int n = uart_read_wait(UART_DEV, buf + got, sizeof(msg) - 1 - got, K_FOREVER);

		kt_assert_gt(n, 0);
		got += (size_t)n;
	}
	kt_assert_eq(memcmp(buf, msg, sizeof(msg) - 1), 0);
}

KTEST(uart_c_ns16550, fifo_overrun_is_counted_as_hw_overrun)
{
	unsigned char buf[32];
	struct uart_stats before;
	struct uart_stats after_st;
	int got = 0;

	kt_assert_eq(uart_stats_get(UART_DEV, &before), 0);
	kt_assert_eq(uart_ns16550_loopback(UART_DEV, true), 0);
	/* Receiver interrupts off: 20 bytes into a 16-byte FIFO. */
	for (int i = 0; i < 20; i++) {
		kt_assert_eq(uart_poll_out(UART_DEV, (unsigned char)('a' + i)), 0);
	}
	kt_assert_eq(uart_rx_enable(UART_DEV), 0);
	while (got < 16) {
		int n = uart_read_wait(UART_DEV, buf + got, sizeof(buf) - (size_t)got, K_FOREVER);

		kt_assert_gt(n, 0);
		got += n;
	}
	kt_assert_eq(got, 16);
	kt_assert_eq(memcmp(buf, "abcdefghijklmnop", 16), 0);
	kt_assert_eq(uart_stats_get(UART_DEV, &after_st), 0);
	kt_assert_eq(after_st.hw_overrun - before.hw_overrun, 1);
	kt_assert_eq(after_st.rx_overrun, before.rx_overrun);
	kt_assert_eq(uart_read_wait(UART_DEV, buf, sizeof(buf), K_MSEC(10)), -EAGAIN);
}
