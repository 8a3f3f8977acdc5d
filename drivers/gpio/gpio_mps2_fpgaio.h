/*
 * MPS2 FPGA I/O block as GPIO (arm,mps2-fpgaio-gpio): one register of the
 * block at 0x40028000 (AN385) as a port, one bit per pin. The user LEDs
 * (LED0, offset 0) are output-only pins; the push buttons (BUTTON, offset
 * 8, node property `input-only`) input-only pins. No pulls, no interrupts.
 */
#ifndef KESTREL_GPIO_MPS2_FPGAIO_H
#define KESTREL_GPIO_MPS2_FPGAIO_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/gpio.h>

struct gpio_mps2_fpgaio_config {
	uint32_t ngpios;  /**< pins, 1..32 (must stay the first member) */
	uintptr_t base;   /**< the register that holds one bit per pin */
	bool input_only;  /**< buttons (read-only register), not LEDs */
};

extern const struct gpio_driver_api gpio_mps2_fpgaio_api;

/**
 * Switch every LED off (an input-only port is left alone).
 * @retval 0 ready
 * @retval -EINVAL ngpios not in 1..32
 */
int gpio_mps2_fpgaio_init(const struct device *dev);

#endif
