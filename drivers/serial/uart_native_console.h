/* native_sim console UART: the host's stdout (and stdin). */
#ifndef KESTREL_UART_NATIVE_CONSOLE_H
#define KESTREL_UART_NATIVE_CONSOLE_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

struct uart_native_console_config {
	uint32_t current_speed; /**< informative only */
};

struct uart_native_console_data {
	unsigned long tx_count; /**< characters written */
};

extern const struct uart_driver_api uart_native_console_api;
int uart_native_console_init(const struct device *dev);

#endif
