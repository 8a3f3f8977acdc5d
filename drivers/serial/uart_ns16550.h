/* NS16550-compatible UART (QEMU virt's serial port). */
#ifndef KESTREL_UART_NS16550_H
#define KESTREL_UART_NS16550_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

#include "uart_buffered.h"

struct uart_ns16550_config {
	uintptr_t base;           /**< register block */
	uint32_t irq;             /**< interrupt line (interrupt-driven mode) */
	uint32_t clock_frequency; /**< input clock, Hz (the divisor's base) */
	uint32_t current_speed;   /**< baud; at least clock_frequency / 16 / 65535 */
	uint32_t reg_shift;       /**< registers are 1 << reg_shift bytes apart */
};

struct uart_ns16550_data {
#ifdef CONFIG_UART_INTERRUPT_DRIVEN
	struct uart_buffered buf; /**< first: the interrupt-driven core */
#endif
	uint32_t divisor; /**< programmed baud divisor (0 until init succeeds) */
};

extern const struct uart_driver_api uart_ns16550_api;

/**
 * Program the baud divisor, 8 data bits, no parity, 1 stop bit, FIFOs on,
 * interrupts off; with CONFIG_UART_INTERRUPT_DRIVEN connect and enable
 * the interrupt line (the UART's IER stays 0 until used).
 * @retval 0 ready
 * @retval -EINVAL current-speed is 0, no 16-bit divisor reaches it
 *         from clock-frequency, or the line cannot be connected
 */
int uart_ns16550_init(const struct device *dev);

/* uart_ns16550_loopback(): in include/kestrel/drivers/uart.h. */

#endif
