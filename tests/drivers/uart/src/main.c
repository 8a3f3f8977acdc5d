/*
 * Interrupt-driven UART API without input: argument errors, -ENOSYS for
 * a driver without the ops, interrupt-driven TX of a known string (it
 * shows in the test's output), a write larger than the TX ring.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/ktest.h>
#include <kestrel/sys/util.h>

#include "uart_test.h"

static const struct uart_driver_api poll_only_api = { NULL };
static const struct device poll_only = { .name = "poll_only", .api = &poll_only_api };

/* Sleep until the TX ring has drained (the TX ISR took every byte). */
static bool tx_drained(const struct device *dev)
{
	for (int i = 0; i < 10000; i++) {
		if (uart_tx_pending(dev) == 0) {
			return true;
		}
		k_msleep(1);
	}
	return false;
}

KTEST_SUITE(uart_a_api, NULL, NULL, NULL, NULL);

KTEST(uart_a_api, console_uart_is_ready)
{
	kt_assert_true(device_is_ready(UART_DEV));
}

KTEST(uart_a_api, null_arguments_are_einval)
{
	struct uart_stats st;
	unsigned char c;

	kt_assert_eq(uart_rx_enable(NULL), -EINVAL);
	kt_assert_eq(uart_rx_disable(NULL), -EINVAL);
	kt_assert_eq(uart_read(NULL, &c, 1), -EINVAL);
	kt_assert_eq(uart_read(UART_DEV, NULL, 1), -EINVAL);
	kt_assert_eq(uart_read_wait(UART_DEV, NULL, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(uart_read_wait(UART_DEV, &c, 0, K_NO_WAIT), -EINVAL);
	kt_assert_eq(uart_write(NULL, "x", 1), -EINVAL);
	kt_assert_eq(uart_write(UART_DEV, NULL, 1), -EINVAL);
	kt_assert_eq(uart_tx_pending(NULL), -EINVAL);
	kt_assert_eq(uart_rx_callback_set(NULL, NULL, NULL), -EINVAL);
	kt_assert_eq(uart_stats_get(NULL, &st), -EINVAL);
	kt_assert_eq(uart_stats_get(UART_DEV, NULL), -EINVAL);
	kt_assert_eq(uart_poll_in(NULL, &c), -EINVAL);
	kt_assert_eq(uart_poll_out(NULL, 'x'), -EINVAL);
}

KTEST(uart_a_api, read_wait_with_reception_off_is_einval)
{
	unsigned char c;

	kt_assert_eq(uart_read_wait(UART_DEV, &c, 1, K_MSEC(10)), -EINVAL);
	kt_assert_eq(uart_read(UART_DEV, &c, 1), 0); /* empty ring: a count of 0 */
	kt_assert_eq(uart_read(UART_DEV, NULL, 0), 0);
}

KTEST(uart_a_api, driver_without_the_ops_is_enosys)
{
	struct uart_stats st;
	unsigned char c;

	kt_assert_eq(uart_poll_in(&poll_only, &c), -ENOSYS);
	kt_assert_eq(uart_poll_out(&poll_only, 'x'), -ENOSYS);
	kt_assert_eq(uart_rx_enable(&poll_only), -ENOSYS);
	kt_assert_eq(uart_rx_disable(&poll_only), -ENOSYS);
	kt_assert_eq(uart_read(&poll_only, &c, 1), -ENOSYS);
	kt_assert_eq(uart_read_wait(&poll_only, &c, 1, K_NO_WAIT), -ENOSYS);
	kt_assert_eq(uart_write(&poll_only, "x", 1), -ENOSYS);
	kt_assert_eq(uart_tx_pending(&poll_only), -ENOSYS);
	kt_assert_eq(uart_rx_callback_set(&poll_only, NULL, NULL), -ENOSYS);
	kt_assert_eq(uart_stats_get(&poll_only, &st), -ENOSYS);
}

KTEST(uart_a_api, write_sends_a_known_string_through_the_tx_isr)
{
	static const char msg[] = "[uart-tx] interrupt-driven hi\n";
	struct uart_stats before;
	struct uart_stats after;

	kt_assert_eq(uart_stats_get(UART_DEV, &before), 0);
	kt_assert_eq(uart_write(UART_DEV, msg, strlen(msg)), (int)strlen(msg));
	kt_assert_true(tx_drained(UART_DEV));
	kt_assert_eq(uart_stats_get(UART_DEV, &after), 0);
	kt_assert_eq(after.tx_bytes - before.tx_bytes, strlen(msg));
}

KTEST(uart_a_api, write_larger_than_the_ring_queues_what_fits)
{
	static const char line[] = "[uart-tx] 0123456789abcdefghijklmnopqrstuvwxyz\n";
	struct uart_stats before;
	struct uart_stats after;
	unsigned int key;
	int n;

	kt_assert_eq(uart_stats_get(UART_DEV, &before), 0);
	key = irq_lock(); /* the TX ISR cannot take bytes meanwhile */
	n = uart_write(UART_DEV, line, strlen(line));
	int full = uart_write(UART_DEV, line + n, strlen(line) - (size_t)n);
	irq_unlock(key);
	/* The ring, plus what the transmitter took when the write started
	 * it (at most a 16-byte FIFO). */
	kt_assert_ge(n, CONFIG_UART_TX_RING_SIZE);
	kt_assert_le(n + full, CONFIG_UART_TX_RING_SIZE + 16);
	kt_assert_lt(n + full, (int)strlen(line));
	kt_assert_eq(uart_write(UART_DEV, "", 0), 0);
	n += full;
	kt_assert_true(tx_drained(UART_DEV));
	n += uart_write(UART_DEV, line + n, strlen(line) - (size_t)n);
	kt_assert_eq(n, (int)strlen(line));
	kt_assert_true(tx_drained(UART_DEV));
	kt_assert_eq(uart_stats_get(UART_DEV, &after), 0);
	kt_assert_eq(after.tx_bytes - before.tx_bytes, strlen(line));
}
