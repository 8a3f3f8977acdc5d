/*
 * native_sim simulated GPIO controller (kestrel,sim-gpio): pins a test
 * drives with gpio_sim_set_input() and reads with gpio_sim_get_output(),
 * edge interrupts on one simulated interrupt line.
 */
#ifndef KESTREL_GPIO_SIM_H
#define KESTREL_GPIO_SIM_H

#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/gpio.h>

struct gpio_sim_config {
	uint32_t ngpios; /**< pins, 1..32 (must stay the first member) */
	uint32_t irq;    /**< simulated interrupt line (posix_hw.h), 1..31 */
};

struct gpio_sim_data {
	gpio_port_pins_t input;     /**< pins configured as inputs */
	gpio_port_pins_t output;    /**< pins configured as outputs */
	gpio_port_pins_t latch;     /**< output latches */
	gpio_port_pins_t pull_up;   /**< pins with the pull-up on */
	gpio_port_pins_t pull_down; /**< pins with the pull-down on */
	gpio_port_pins_t driven;    /**< pins driven from outside */
	gpio_port_value_t outside;  /**< levels driven from outside */
	gpio_port_value_t level;    /**< last seen level of every pin */
	gpio_port_pins_t rising;    /**< pins interrupting on rising edges */
	gpio_port_pins_t falling;   /**< pins interrupting on falling edges */
	gpio_port_pins_t pending;   /**< edges seen, not yet delivered */
	struct gpio_callback *callbacks;
};

extern const struct gpio_driver_api gpio_sim_api;

/**
 * Reset every pin to disconnected, connect and enable the interrupt line.
 * @retval 0 ready
 * @retval -EINVAL ngpios not in 1..32, or a bad interrupt line
 */
int gpio_sim_init(const struct device *dev);

#endif
