/*
 * Console shell: a thread that serves a shell on the chosen kestrel,console
 * UART, polling it (uart_poll_in) and sleeping CONFIG_SHELL_POLL_MS when
 * nothing arrived. '\n' goes out as "\r\n" except on native_sim, whose
 * console is the host terminal.
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
	unsigned char *p = buf;
	size_t n = 0;

	while (n < len && uart_poll_in(b->ctx, &p[n]) == 0) {
		n++;
	}
	return (int)n;
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
	(void)p1;
	(void)p2;
	(void)p3;
	shell_prompt(&console_shell);
	for (;;) {
		if (shell_process(&console_shell) <= 0) {
			k_msleep(CONFIG_SHELL_POLL_MS);
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
