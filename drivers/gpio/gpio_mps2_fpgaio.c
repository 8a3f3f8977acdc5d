/*
 * MPS2 FPGA I/O LEDs and buttons as GPIO pins: bit n of the register is
 * pin n. An LED port is output-only and reads its register back; a button
 * port is input-only (QEMU 7.2 does not model pressing: its buttons read
 * 0).
 */
#include <errno.h>

#include <kestrel/kernel.h>

#include "gpio_mps2_fpgaio.h"

static volatile uint32_t *port_reg(const struct device *dev)
{
	const struct gpio_mps2_fpgaio_config *cfg = dev->config;

	return (volatile uint32_t *)cfg->base;
}

static bool is_input_port(const struct device *dev)
{
	const struct gpio_mps2_fpgaio_config *cfg = dev->config;

	return cfg->input_only;
}

static int fpgaio_pin_configure(const struct device *dev, gpio_pin_t pin,
				gpio_flags_t flags)
{
	if (flags & (GPIO_PULL_UP | GPIO_PULL_DOWN)) {
		return -ENOTSUP; /* no resistors to switch */
	}
	if (is_input_port(dev)) {
		/* Buttons: input (or disconnected, i.e. ignored) only. */
		return (flags & GPIO_OUTPUT) ? -ENOTSUP : 0;
	}
	if (flags & GPIO_INPUT) {
		return -ENOTSUP; /* LEDs: no input stage */
	}
	/* GPIO_DISCONNECTED is accepted: an LED that is off draws nothing. */
	unsigned int key = irq_lock();

	if (flags & GPIO_OUTPUT_INIT_HIGH) {
		*port_reg(dev) |= 1u << pin;
	} else if (flags & GPIO_OUTPUT_INIT_LOW) {
		*port_reg(dev) &= ~(1u << pin);
	}
	irq_unlock(key);
	return 0;
}

static int fpgaio_port_get_raw(const struct device *dev,
			       gpio_port_value_t *value)
{
	*value = *port_reg(dev) & gpio_port_pins_mask(dev);
	return 0;
}

static int fpgaio_port_set_masked_raw(const struct device *dev,
				      gpio_port_pins_t mask,
				      gpio_port_value_t value)
{
	if (is_input_port(dev)) {
		return -ENOTSUP;
	}
	unsigned int key = irq_lock();

	*port_reg(dev) = (*port_reg(dev) & ~mask) | (value & mask);
	irq_unlock(key);
	return 0;
}

static int fpgaio_port_toggle_bits(const struct device *dev,
				   gpio_port_pins_t pins)
{
	if (is_input_port(dev)) {
		return -ENOTSUP;
	}
	unsigned int key = irq_lock();

	*port_reg(dev) ^= pins;
	irq_unlock(key);
	return 0;
}

const struct gpio_driver_api gpio_mps2_fpgaio_api = {
	.pin_configure = fpgaio_pin_configure,
	.port_get_raw = fpgaio_port_get_raw,
	.port_set_masked_raw = fpgaio_port_set_masked_raw,
	.port_toggle_bits = fpgaio_port_toggle_bits,
	/* No interrupts: pin_interrupt_configure and manage_callback absent. */
};

int gpio_mps2_fpgaio_init(const struct device *dev)
{
	const struct gpio_mps2_fpgaio_config *cfg = dev->config;

	if (cfg->ngpios == 0 || cfg->ngpios > GPIO_MAX_PINS_PER_PORT) {
		return -EINVAL;
	}
	if (!cfg->input_only) {
		*port_reg(dev) &= ~gpio_port_pins_mask(dev);
	}
	return 0;
}
