/*
 * Console: printk output on the UART the devicetree's /chosen node names
 * as kestrel,console. '\n' is sent as "\r\n" on real UARTs' terminals.
 */
#include <kestrel/drivers/uart.h>
#include <kestrel/init.h>
#include <kestrel/kernel.h>

#include <devicetree.h>

#ifndef DEVICE_DT_CHOSEN_kestrel_console
#error "CONFIG_CONSOLE needs a chosen 'kestrel,console' UART in the devicetree"
#endif

static const struct device *console_dev;

static int console_out(int c)
{
	if (c == '\n' && !IS_ENABLED(CONFIG_ARCH_POSIX)) {
		(void)uart_poll_out(console_dev, '\r');
	}
	(void)uart_poll_out(console_dev, (unsigned char)c);
	return c;
}

static int uart_console_init(void)
{
	console_dev = DEVICE_DT_CHOSEN_kestrel_console;
	if (!device_is_ready(console_dev)) {
		return -ENODEV;
	}
	printk_hook_install(console_out);
	return 0;
}

SYS_INIT(uart_console_init, PRE_KERNEL_1);
