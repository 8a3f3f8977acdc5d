/*
 * native_sim console UART: the host's stdout and stdin, or with --pty a
 * new host pseudo-terminal (its path printed at start).
 */
#ifndef KESTREL_UART_NATIVE_CONSOLE_H
#define KESTREL_UART_NATIVE_CONSOLE_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

#include "uart_buffered.h"

struct uart_native_console_config {
	uint32_t current_speed; /**< informative only */
	uint32_t irq;           /**< simulated line for RX/TX (interrupt-driven) */
};

struct uart_native_console_data {
#ifdef CONFIG_UART_INTERRUPT_DRIVEN
	struct uart_buffered buf; /**< first: the interrupt-driven core */
#endif
	unsigned long tx_count; /**< characters written */
	int in_fd;              /**< host descriptor read (stdin or the pty) */
	int out_fd;             /**< host descriptor written (-1: stdout via stdio) */
	bool rx_eof;            /**< the input ended (nothing more will come) */
};

extern const struct uart_driver_api uart_native_console_api;

/**
 * Attach to stdin/stdout, or with --pty open a pty and print its path;
 * with CONFIG_UART_INTERRUPT_DRIVEN connect the simulated line, whose
 * interrupt is raised by the hardware model while the input is readable
 * and by uart_write().
 * @retval 0 ready
 * @retval -EIO the pty could not be opened
 * @retval -EINVAL no interrupt line (interrupt-driven build)
 */
int uart_native_console_init(const struct device *dev);

#endif
