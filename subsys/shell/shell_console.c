/*
 * Console shell: a thread that serves a shell on the chosen kestrel,console
 * UART. Input is interrupt-driven: the thread blocks in uart_read_wait()
 * until the UART's RX interrupt has stored bytes, so an idle shell takes
 * no CPU (and on native_sim simulated time goes on while it waits).
 * Output is polled (uart_poll_out), in order with printk and logging.
 * '\n' goes out as "\r\n" except on native_sim, whose console is the
 * host terminal.
 */
#include <errno.h>

#include <kestrel/drivers/uart.h>
#include <kestrel/init.h>
#include <kestrel/kernel.h>
#include <kestrel/shell/shell.h>

#include <devicetree.h>

#ifndef DEVICE_DT_CHOSEN_kestrel_console
#error "CONFIG_SHELL_BACKEND_CONSOLE needs a chosen 'kestrel,console' UART in the devicetree"
#endif

static struct shell console_shell;
static bool console_shell_ready;
static struct k_thread shell_thread;
static K_THREAD_STACK_DEFINE(shell_stack, CONFIG_SHELL_STACK_SIZE);

static int console_read(const struct shell_backend *b, void *buf, size_t len)
{
	return uart_read(b->ctx, buf, len);
}

static int console_write(const struct shell_backend *b, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\n' && !IS_ENABLED(CONFIG_ARCH_POSIX)) {
			(void)uart_poll_out(b->ctx, '\r');
		}
		(void)uart_poll_out(b->ctx, p[i]);
	}
	return (int)len;
}

static const struct shell_backend_api console_api = {
	.read = console_read,
	.write = console_write,
};

static struct shell_backend console_backend = { .api = &console_api };

static void shell_thread_entry(void *p1, void *p2, void *p3)
{
	const struct device *dev = console_backend.ctx;
	unsigned char buf[16];

	(void)p1;
	(void)p2;
	(void)p3;
	shell_prompt(&console_shell);
	if (uart_rx_enable(dev) != 0) {
		printk("shell: console UART has no interrupt-driven input\n");
		return;
	}
	for (;;) {
		int n = uart_read_wait(dev, buf, sizeof(buf), K_FOREVER);

		if (n > 0) {
			(void)shell_feed(&console_shell, buf, (size_t)n);
		}
	}
}

struct shell *shell_console_get(void)
{
	return console_shell_ready ? &console_shell : NULL;
}

static int shell_console_init(void)
{
	const struct device *dev = DEVICE_DT_CHOSEN_kestrel_console;
	int ret;

	if (!device_is_ready(dev)) {
		return -ENODEV;
	}
	console_backend.ctx = (void *)dev;
	ret = shell_init(&console_shell, &console_backend, "kestrel:~$ ");
	if (ret != 0) {
		return ret;
	}
	ret = k_thread_create(&shell_thread, shell_stack, K_THREAD_STACK_SIZEOF(shell_stack),
			      shell_thread_entry, NULL, NULL, NULL,
			      CONFIG_SHELL_THREAD_PRIORITY, 0, K_NO_WAIT);
	if (ret != 0) {
		return ret;
	}
	(void)k_thread_name_set(&shell_thread, "shell");
	console_shell_ready = true;
	return 0;
}

SYS_INIT(shell_console_init, APPLICATION);
