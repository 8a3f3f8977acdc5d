/* NS16550-compatible UART (QEMU virt's serial port): polled I/O. */
#ifndef KESTREL_UART_NS16550_H
#define KESTREL_UART_NS16550_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

struct uart_ns16550_config {
	uintptr_t base;           /**< register block */
	uint32_t irq;             /**< interrupt line (unused while polled) */
	uint32_t clock_frequency; /**< input clock, Hz (the divisor's base) */
	uint32_t current_speed;   /**< baud; at least clock_frequency / 16 / 65535 */
	uint32_t reg_shift;       /**< registers are 1 << reg_shift bytes apart */
};

struct uart_ns16550_data {
	uint32_t divisor; /**< programmed baud divisor (0 until init succeeds) */
};

extern const struct uart_driver_api uart_ns16550_api;

/**
 * Program the baud divisor, 8 data bits, no parity, 1 stop bit, FIFOs on,
 * interrupts off.
 * @retval 0 ready
 * @retval -EINVAL current-speed is 0, or no 16-bit divisor reaches it
 *         from clock-frequency
 */
int uart_ns16550_init(const struct device *dev);

#endif
