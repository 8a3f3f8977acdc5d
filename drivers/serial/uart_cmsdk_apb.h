/* ARM CMSDK APB UART (mps2 boards). */
#ifndef KESTREL_UART_CMSDK_APB_H
#define KESTREL_UART_CMSDK_APB_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

#include "uart_buffered.h"

struct uart_cmsdk_apb_config {
	uintptr_t base;           /**< register block */
	uint32_t irq;             /**< receive interrupt line */
	uint32_t tx_irq;          /**< transmit interrupt line */
	uint32_t overflow_irq;    /**< overrun line (an385: UARTs 0-2 ORed, 12) */
	uint32_t clock_frequency; /**< APB clock, Hz */
	uint32_t current_speed;   /**< baud */
};

struct uart_cmsdk_apb_data {
#ifdef CONFIG_UART_INTERRUPT_DRIVEN
	struct uart_buffered buf; /**< first: the interrupt-driven core */
#endif
	uint32_t baud_div; /**< programmed divisor */
};

extern const struct uart_driver_api uart_cmsdk_apb_api;

/**
 * Program the divisor and enable TX and RX; with
 * CONFIG_UART_INTERRUPT_DRIVEN connect and enable the RX, TX and
 * overrun lines (the UART's own interrupt enables stay off until used).
 * @retval 0 ready
 * @retval -EINVAL current-speed is 0, or a line cannot be connected
 */
int uart_cmsdk_apb_init(const struct device *dev);

#endif
