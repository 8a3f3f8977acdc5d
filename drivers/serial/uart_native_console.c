/*
 * native_sim console UART. Output goes to the host's stdout (line
 * buffered, flushed at exit). Input polling reads stdin without blocking.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "uart_native_console.h"

static int native_poll_in(const struct device *dev, unsigned char *c)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };

	(void)dev;
	if (poll(&pfd, 1, 0) <= 0 || (pfd.revents & POLLIN) == 0) {
		return -EAGAIN;
	}
	return read(STDIN_FILENO, c, 1) == 1 ? 0 : -EAGAIN;
}

static void native_poll_out(const struct device *dev, unsigned char c)
{
	struct uart_native_console_data *data = dev->data;

	data->tx_count++;
	(void)putchar(c);
}

const struct uart_driver_api uart_native_console_api = {
	.poll_in = native_poll_in,
	.poll_out = native_poll_out,
};

int uart_native_console_init(const struct device *dev)
{
	struct uart_native_console_data *data = dev->data;

	data->tx_count = 0;
	return 0;
}
