/*
 * native_sim simulated GPIO controller.
 *
 * Every pin has a wire level: an output pin drives its latch; otherwise
 * the level driven from outside (gpio_sim_set_input), else its pull-up
 * (1), else low (a pull-down, or floating). Each change of the pins'
 * state recomputes the levels; an edge on an input pin whose interrupt
 * selects it becomes pending and raises the controller's simulated line,
 * whose ISR runs the callbacks.
 */
#include <errno.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "gpio_sim.h"
#include "gpio_utils.h"
#include "posix_hw.h"

static gpio_port_value_t wire_levels(const struct gpio_sim_data *d)
{
	gpio_port_value_t outside = (d->outside & d->driven) |
				    (d->pull_up & ~d->driven);

	return (d->latch & d->output) | (outside & ~d->output);
}

/* Recompute the levels; record enabled edges of inputs. Interrupts locked. */
static void update_locked(const struct device *dev)
{
	const struct gpio_sim_config *cfg = dev->config;
	struct gpio_sim_data *d = dev->data;
	gpio_port_value_t now = wire_levels(d) & gpio_port_pins_mask(dev);
	gpio_port_pins_t changed = (now ^ d->level) & d->input;
	gpio_port_pins_t edges = (changed & now & d->rising) |
				 (changed & ~now & d->falling);

	d->level = now;
	if (edges != 0) {
		d->pending |= edges;
		posix_irq_raise(cfg->irq);
	}
}

static void gpio_sim_isr(const void *arg)
{
	const struct device *dev = arg;
	struct gpio_sim_data *d = dev->data;
	unsigned int key = irq_lock();
	gpio_port_pins_t pins = d->pending;

	d->pending = 0;
	irq_unlock(key);
	gpio_fire_callbacks(&d->callbacks, dev, pins);
}

static int sim_pin_configure(const struct device *dev, gpio_pin_t pin,
			     gpio_flags_t flags)
{
	struct gpio_sim_data *d = dev->data;
	gpio_port_pins_t bit = 1u << pin;
	unsigned int key = irq_lock();

	d->input = (flags & GPIO_INPUT) ? d->input | bit : d->input & ~bit;
	d->output = (flags & GPIO_OUTPUT) ? d->output | bit : d->output & ~bit;
	d->pull_up = (flags & GPIO_PULL_UP) ? d->pull_up | bit : d->pull_up & ~bit;
	d->pull_down = (flags & GPIO_PULL_DOWN) ? d->pull_down | bit :
						   d->pull_down & ~bit;
	if (flags & GPIO_OUTPUT_INIT_HIGH) {
		d->latch |= bit;
	} else if (flags & GPIO_OUTPUT_INIT_LOW) {
		d->latch &= ~bit;
	}
	update_locked(dev);
	irq_unlock(key);
	return 0;
}

static int sim_port_get_raw(const struct device *dev, gpio_port_value_t *value)
{
	struct gpio_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	*value = d->level & (d->input | d->output);
	irq_unlock(key);
	return 0;
}

static int sim_port_set_masked_raw(const struct device *dev,
				   gpio_port_pins_t mask,
				   gpio_port_value_t value)
{
	struct gpio_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	d->latch = (d->latch & ~mask) | (value & mask);
	update_locked(dev);
	irq_unlock(key);
	return 0;
}

static int sim_port_toggle_bits(const struct device *dev, gpio_port_pins_t pins)
{
	struct gpio_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	d->latch ^= pins;
	update_locked(dev);
	irq_unlock(key);
	return 0;
}

static int sim_pin_interrupt_configure(const struct device *dev,
				       gpio_pin_t pin, gpio_flags_t flags)
{
	struct gpio_sim_data *d = dev->data;
	gpio_port_pins_t bit = 1u << pin;
	unsigned int key = irq_lock();

	d->rising = (flags & GPIO_INT_EDGE_RISING) ? d->rising | bit :
						     d->rising & ~bit;
	d->falling = (flags & GPIO_INT_EDGE_FALLING) ? d->falling | bit :
						       d->falling & ~bit;
	if (flags == GPIO_INT_DISABLE) {
		d->pending &= ~bit; /* an edge not yet delivered is dropped */
	}
	irq_unlock(key);
	return 0;
}

static int sim_manage_callback(const struct device *dev,
			       struct gpio_callback *cb, bool set)
{
	struct gpio_sim_data *d = dev->data;

	return gpio_manage_callback_list(&d->callbacks, cb, set);
}

const struct gpio_driver_api gpio_sim_api = {
	.pin_configure = sim_pin_configure,
	.port_get_raw = sim_port_get_raw,
	.port_set_masked_raw = sim_port_set_masked_raw,
	.port_toggle_bits = sim_port_toggle_bits,
	.pin_interrupt_configure = sim_pin_interrupt_configure,
	.manage_callback = sim_manage_callback,
};

int gpio_sim_init(const struct device *dev)
{
	const struct gpio_sim_config *cfg = dev->config;
	struct gpio_sim_data *d = dev->data;

	if (cfg->ngpios == 0 || cfg->ngpios > GPIO_MAX_PINS_PER_PORT ||
	    cfg->irq == POSIX_IRQ_TIMER || cfg->irq >= POSIX_IRQ_COUNT) {
		return -EINVAL;
	}
	*d = (struct gpio_sim_data){0};
	int ret = irq_connect_dynamic(cfg->irq, 0, gpio_sim_isr, dev);

	if (ret != 0) {
		return ret;
	}
	irq_enable(cfg->irq);
	return 0;
}

/* ---- the test-side API (include/kestrel/drivers/gpio.h) ---- */

static bool is_sim_pin(const struct device *dev, gpio_pin_t pin)
{
	return dev != NULL && dev->api == &gpio_sim_api && pin < gpio_ngpios(dev);
}

int gpio_sim_set_input(const struct device *dev, gpio_pin_t pin, int level)
{
	if (!is_sim_pin(dev, pin)) {
		return -EINVAL;
	}
	struct gpio_sim_data *d = dev->data;
	gpio_port_pins_t bit = 1u << pin;
	unsigned int key = irq_lock();

	d->driven |= bit;
	d->outside = level != 0 ? d->outside | bit : d->outside & ~bit;
	update_locked(dev);
	irq_unlock(key);
	return 0;
}

int gpio_sim_release_input(const struct device *dev, gpio_pin_t pin)
{
	if (!is_sim_pin(dev, pin)) {
		return -EINVAL;
	}
	struct gpio_sim_data *d = dev->data;
	unsigned int key = irq_lock();

	d->driven &= ~(1u << pin);
	update_locked(dev);
	irq_unlock(key);
	return 0;
}

int gpio_sim_get_output(const struct device *dev, gpio_pin_t pin)
{
	if (!is_sim_pin(dev, pin)) {
		return -EINVAL;
	}
	const struct gpio_sim_data *d = dev->data;

	if ((d->output & (1u << pin)) == 0) {
		return -EAGAIN;
	}
	return (int)((d->latch >> pin) & 1u);
}
