/*
 * Line-based console input (include/kestrel/console.h): a small line
 * editor on the console UART's interrupt-driven input, echo through
 * polled output like printk's.
 */
#include <errno.h>
#include <stdbool.h>

#include <kestrel/console.h>
#include <kestrel/drivers/uart.h>

#include <devicetree.h>

#define CTRL_U 0x15

static bool rx_started;
static bool after_cr; /* the previous line ended with CR: skip one LF */

static void echo(const struct device *dev, unsigned char c)
{
	if (c == '\n' && !IS_ENABLED(CONFIG_ARCH_POSIX)) {
		(void)uart_poll_out(dev, '\r');
	}
	(void)uart_poll_out(dev, c);
}

static void erase(const struct device *dev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		echo(dev, '\b');
		echo(dev, ' ');
		echo(dev, '\b');
	}
}

static int start_rx(const struct device *dev)
{
	if (!rx_started) {
		if (!device_is_ready(dev) || uart_rx_enable(dev) != 0) {
			return -ENODEV;
		}
		rx_started = true;
	}
	return 0;
}

/* Apply @p c to the line (len stored, total typed); true at its end. */
static bool edit(const struct device *dev, unsigned char c, char *buf, size_t size,
		 size_t *len, size_t *total)
{
	bool skip_lf = after_cr && c == '\n';

	after_cr = false;
	if (skip_lf) {
		return false;
	}
	if (c == '\r' || c == '\n') {
		after_cr = c == '\r';
		echo(dev, '\n');
		return true;
	}
	if (c == '\b' || c == 0x7f) {
		if (*total > 0 && --*total < *len) {
			--*len;
			erase(dev, 1);
		}
	} else if (c == CTRL_U) {
		erase(dev, *len);
		*len = 0;
		*total = 0;
	} else if (c >= 0x20 || c == '\t') {
		if (*len + 1 < size) {
			buf[(*len)++] = (char)c;
			echo(dev, c);
		}
		++*total;
	}
	return false;
}

int console_getline(char *buf, size_t size, k_timeout_t timeout)
{
	const struct device *dev = DEVICE_DT_CHOSEN_kestrel_console;
	size_t len = 0;
	size_t total = 0;
	unsigned char c;

	if (buf == NULL || size == 0) {
		return -EINVAL;
	}
	if (start_rx(dev) != 0) {
		return -ENODEV;
	}
	for (;;) {
		int n = uart_read_wait(dev, &c, 1, timeout);

		if (n < 0) {
			buf[0] = '\0';
			return n == -EAGAIN ? -EAGAIN : -ENODEV;
		}
		if (edit(dev, c, buf, size, &len, &total)) {
			break;
		}
	}
	buf[len] = '\0';
	return total > len ? -E2BIG : (int)len;
}
