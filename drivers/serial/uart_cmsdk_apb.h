/* ARM CMSDK APB UART (mps2 boards). */
#ifndef KESTREL_UART_CMSDK_APB_H
#define KESTREL_UART_CMSDK_APB_H

#include <stdint.h>
#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>

struct uart_cmsdk_apb_config {
	uintptr_t base;           /**< register block */
	uint32_t irq;             /**< combined RX/TX line (unused while polled) */
	uint32_t clock_frequency; /**< APB clock, Hz */
	uint32_t current_speed;   /**< baud */
};

struct uart_cmsdk_apb_data {
	uint32_t baud_div; /**< programmed divisor */
};

extern const struct uart_driver_api uart_cmsdk_apb_api;
int uart_cmsdk_apb_init(const struct device *dev);

#endif
