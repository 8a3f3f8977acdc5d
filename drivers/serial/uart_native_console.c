/*
 * native_sim console UART. Output goes to the host's stdout (line
 * buffered, flushed at exit) or to the pty; input is read from stdin or
 * the pty without blocking. Interrupt-driven mode: the hardware model
 * raises the console's simulated line while the input is readable (and
 * uart_write() raises it for output); the ISR moves bytes between the
 * host and the rings. Reading stdin never blocks the simulation.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <kestrel/irq.h>

#include "posix_hw.h"
#include "uart_native_console.h"

static bool input_ready(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP)) != 0;
}

static int native_poll_in(const struct device *dev, unsigned char *c)
{
	struct uart_native_console_data *data = dev->data;

	if (uart_buffered_rx_on(dev)) {
		return uart_buffered_poll_in(dev, c);
	}
	if (data->rx_eof || !input_ready(data->in_fd)) {
		return -EAGAIN;
	}
	return read(data->in_fd, c, 1) == 1 ? 0 : -EAGAIN;
}

static void native_out(struct uart_native_console_data *data, unsigned char c)
{
	data->tx_count++;
	if (data->out_fd < 0) {
		(void)putchar(c);
	} else {
		(void)!write(data->out_fd, &c, 1);
	}
}

static void native_poll_out(const struct device *dev, unsigned char c)
{
	native_out(dev->data, c);
}

#ifdef CONFIG_UART_INTERRUPT_DRIVEN

/*
 * Take the input's bytes one at a time while reception is on (a callback
 * may turn it off) and the ring has room; once it is full, one more byte
 * is read and lost, as a UART's receiver would lose it. The hardware
 * model raises the line again while input remains.
 */
static void native_rx(const struct device *dev, struct uart_buffered *b)
{
	const struct uart_native_console_config *cfg = dev->config;
	struct uart_native_console_data *data = dev->data;
	bool full = false;

	while (b->rx_on && !full && !data->rx_eof && input_ready(data->in_fd)) {
		unsigned char c;
		ssize_t n = read(data->in_fd, &c, 1);

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			data->rx_eof = true; /* end of input: stop watching it */
			(void)posix_hw_fd_irq(cfg->irq, -1);
			return;
		}
		if (n == 1) {
			full = ring_buf_space(&b->rx) == 0;
			uart_buffered_rx_put(b, c);
			uart_buffered_rx_done(dev, b);
		}
	}
}

static void native_isr(const void *arg)
{
	const struct device *dev = arg;
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned char c;

	if (b->rx_on) {
		native_rx(dev, b);
	}
	while (uart_buffered_tx_get(b, &c) == 0) {
		native_out(dev->data, c);
	}
	uart_buffered_rx_done(dev, b);
}

static void native_rx_irq(const struct device *dev, bool on)
{
	const struct uart_native_console_config *cfg = dev->config;
	struct uart_native_console_data *data = dev->data;

	if (on && isatty(data->in_fd)) {
		posix_hw_follow_realtime(); /* someone types: real time */
	}
	(void)posix_hw_fd_irq(cfg->irq, on && !data->rx_eof ? data->in_fd : -1);
	if (on) {
		posix_irq_raise(cfg->irq); /* input that is already there */
	}
}

static void native_tx_start(const struct device *dev)
{
	const struct uart_native_console_config *cfg = dev->config;

	posix_irq_raise(cfg->irq);
}

static const struct uart_buffered_hw native_hw = {
	.rx_irq = native_rx_irq,
	.tx_start = native_tx_start,
};

static int native_irq_init(const struct device *dev)
{
	const struct uart_native_console_config *cfg = dev->config;

	uart_buffered_init(uart_buffered_of(dev), &native_hw);
	if (cfg->irq == POSIX_IRQ_TIMER ||
	    irq_connect_dynamic(cfg->irq, CONFIG_UART_IRQ_PRIORITY, native_isr, dev) != 0) {
		return -EINVAL;
	}
	irq_enable(cfg->irq);
	return 0;
}

_Static_assert(offsetof(struct uart_native_console_data, buf) == 0,
	       "the interrupt-driven core must come first in the driver data");

#else

static int native_irq_init(const struct device *dev)
{
	(void)dev;
	return 0;
}

#endif /* CONFIG_UART_INTERRUPT_DRIVEN */

const struct uart_driver_api uart_native_console_api = {
	.poll_in = native_poll_in,
	.poll_out = native_poll_out,
	UART_BUFFERED_OPS
};

/* A raw pty; the image keeps the terminal side open too, so the master
 * never sees a hang-up when a terminal program detaches. */
static int open_pty(struct uart_native_console_data *data)
{
	int master;
	int slave;
	char name[64];
	struct termios tio;

	if (openpty(&master, &slave, name, NULL, NULL) != 0) {
		fprintf(stderr, "native_sim: --pty: cannot open a pty\n");
		return -EIO;
	}
	if (tcgetattr(slave, &tio) == 0) {
		cfmakeraw(&tio);
		(void)tcsetattr(slave, TCSANOW, &tio);
	}
	data->in_fd = master;
	data->out_fd = master;
	printf("native_sim: console UART on %s\n", name);
	(void)fflush(stdout);
	posix_hw_follow_realtime();
	return 0;
}

int uart_native_console_init(const struct device *dev)
{
	struct uart_native_console_data *data = dev->data;

	data->tx_count = 0;
	data->in_fd = STDIN_FILENO;
	data->out_fd = -1;
	data->rx_eof = false;
	if (posix_hw_console_pty()) {
		int ret = open_pty(data);

		if (ret != 0) {
			return ret;
		}
	}
	return native_irq_init(dev);
}
