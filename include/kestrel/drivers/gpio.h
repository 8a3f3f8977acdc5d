/*
 * GPIO driver API: pins of one controller (a "port"), numbered 0 to
 * ngpios - 1.
 *
 * A GPIO driver fills a struct gpio_driver_api; applications call the
 * inline wrappers below, which check the pin number against the
 * controller's `ngpios` (-EINVAL past the end) and return -ENOSYS for an
 * operation the driver does not have.
 *
 * Contract for drivers: the driver's config struct starts with
 * `uint32_t ngpios` (the binding's `ngpios` property, field `ngpios`), so
 * the wrappers can read the pin count of any controller. Interrupt
 * callbacks are kept by the driver in a list it manages with the helpers
 * of drivers/gpio/gpio_utils.h.
 *
 * Levels are physical (1 = high). There is no active-low inversion yet;
 * the `_raw` port calls are named for the day there is.
 */
#ifndef KESTREL_DRIVERS_GPIO_H
#define KESTREL_DRIVERS_GPIO_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

/** A pin number within one controller. */
typedef uint32_t gpio_pin_t;
/** Pin configuration and interrupt flags (GPIO_*). */
typedef uint32_t gpio_flags_t;
/** A set of pins of one port, bit n = pin n. */
typedef uint32_t gpio_port_pins_t;
/** Levels of the pins of one port, bit n = pin n. */
typedef uint32_t gpio_port_value_t;

/** Most pins one controller may have (a port is one 32-bit word). */
#define GPIO_MAX_PINS_PER_PORT 32u

/* ---- gpio_pin_configure() flags ---- */
/** Neither input nor output: the pin is disconnected (high impedance). */
#define GPIO_DISCONNECTED 0u
#define GPIO_INPUT (1u << 0)  /**< the pin can be read */
#define GPIO_OUTPUT (1u << 1) /**< the pin drives its level */
/** With GPIO_OUTPUT: start low (without an INIT flag the level is kept). */
#define GPIO_OUTPUT_INIT_LOW (1u << 2)
/** With GPIO_OUTPUT: start high. */
#define GPIO_OUTPUT_INIT_HIGH (1u << 3)
#define GPIO_PULL_UP (1u << 4)   /**< weak pull-up resistor */
#define GPIO_PULL_DOWN (1u << 5) /**< weak pull-down resistor */

#define GPIO_OUTPUT_LOW (GPIO_OUTPUT | GPIO_OUTPUT_INIT_LOW)
#define GPIO_OUTPUT_HIGH (GPIO_OUTPUT | GPIO_OUTPUT_INIT_HIGH)

/** Every flag gpio_pin_configure() knows. */
#define GPIO_CONFIG_MASK (GPIO_INPUT | GPIO_OUTPUT | GPIO_OUTPUT_INIT_LOW | \
			  GPIO_OUTPUT_INIT_HIGH | GPIO_PULL_UP | GPIO_PULL_DOWN)

/* ---- gpio_pin_interrupt_configure() flags ---- */
#define GPIO_INT_DISABLE 0u             /**< no interrupt from this pin */
#define GPIO_INT_EDGE_RISING (1u << 8)  /**< low -> high */
#define GPIO_INT_EDGE_FALLING (1u << 9) /**< high -> low */
#define GPIO_INT_EDGE_BOTH (GPIO_INT_EDGE_RISING | GPIO_INT_EDGE_FALLING)

struct gpio_callback;

/**
 * Called, in ISR context, with the pins of @p dev among @p cb's pin_mask
 * whose enabled edge was seen. It may call gpio_remove_callback() on
 * itself.
 */
typedef void (*gpio_callback_handler_t)(const struct device *dev,
					struct gpio_callback *cb,
					gpio_port_pins_t pins);

/**
 * A registered interest in some pins' interrupts. Owned by the caller
 * (static or embedded in the caller's struct), kept alive while added.
 * Fill it with gpio_init_callback().
 */
struct gpio_callback {
	struct gpio_callback *next;      /**< private: the driver's list */
	gpio_callback_handler_t handler; /**< what to call */
	gpio_port_pins_t pin_mask;       /**< pins it wants to hear about */
};

/** Fill @p cb. ISR: ok. */
static inline void gpio_init_callback(struct gpio_callback *cb,
				      gpio_callback_handler_t handler,
				      gpio_port_pins_t pin_mask)
{
	cb->next = NULL;
	cb->handler = handler;
	cb->pin_mask = pin_mask;
}

/**
 * Operations of a GPIO driver. Every op may assume its arguments were
 * checked: @p dev non-NULL, pins below ngpios, flags within their masks.
 */
struct gpio_driver_api {
	/** Apply the GPIO_* configuration flags to one pin. */
	int (*pin_configure)(const struct device *dev, gpio_pin_t pin,
			     gpio_flags_t flags);
	/** Read the levels of every pin (output pins read their own level). */
	int (*port_get_raw)(const struct device *dev, gpio_port_value_t *value);
	/** Set the output latches of the pins in @p mask to @p value. */
	int (*port_set_masked_raw)(const struct device *dev,
				   gpio_port_pins_t mask,
				   gpio_port_value_t value);
	/** Invert the output latches of the pins in @p pins. */
	int (*port_toggle_bits)(const struct device *dev,
				gpio_port_pins_t pins);
	/** Select which edge (GPIO_INT_*) of one pin interrupts. */
	int (*pin_interrupt_configure)(const struct device *dev,
				       gpio_pin_t pin, gpio_flags_t flags);
	/** Add (@p set true) or remove @p cb in the device's list. */
	int (*manage_callback)(const struct device *dev,
			       struct gpio_callback *cb, bool set);
};

/**
 * Number of pins of @p dev (its devicetree `ngpios`). 0 for NULL.
 * ISR: ok.
 */
static inline uint32_t gpio_ngpios(const struct device *dev)
{
	if (dev == NULL || dev->config == NULL) {
		return 0;
	}
	/* Every GPIO driver's config struct starts with uint32_t ngpios. */
	return *(const uint32_t *)dev->config;
}

/** Mask of every pin of @p dev. ISR: ok. */
static inline gpio_port_pins_t gpio_port_pins_mask(const struct device *dev)
{
	uint32_t n = gpio_ngpios(dev);

	return n >= 32u ? 0xffffffffu : (1u << n) - 1u;
}

static inline const struct gpio_driver_api *z_gpio_api(const struct device *dev)
{
	return (const struct gpio_driver_api *)dev->api;
}

static inline bool z_gpio_pin_ok(const struct device *dev, gpio_pin_t pin)
{
	return dev != NULL && dev->api != NULL && pin < gpio_ngpios(dev) &&
	       pin < GPIO_MAX_PINS_PER_PORT;
}

/**
 * Configure one pin: direction (GPIO_INPUT, GPIO_OUTPUT, both, or
 * neither = disconnected), the initial output level (GPIO_OUTPUT_INIT_LOW
 * / _HIGH) and pull resistors (GPIO_PULL_UP / _DOWN).
 * @retval 0 configured
 * @retval -EINVAL NULL device, pin not below ngpios, unknown flags, both
 *         INIT_LOW and INIT_HIGH, an INIT flag without GPIO_OUTPUT, or both
 *         pulls
 * @retval -ENOTSUP the hardware cannot do this configuration (e.g. an
 *         output-only pin asked to be an input)
 * @retval -ENOSYS the driver cannot configure pins
 * Thread context (drivers may take locks).
 */
static inline int gpio_pin_configure(const struct device *dev, gpio_pin_t pin,
				     gpio_flags_t flags)
{
	const gpio_flags_t init = GPIO_OUTPUT_INIT_LOW | GPIO_OUTPUT_INIT_HIGH;
	const gpio_flags_t pulls = GPIO_PULL_UP | GPIO_PULL_DOWN;

	if (!z_gpio_pin_ok(dev, pin) || (flags & ~GPIO_CONFIG_MASK) != 0 ||
	    (flags & init) == init || (flags & pulls) == pulls ||
	    ((flags & init) != 0 && (flags & GPIO_OUTPUT) == 0)) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->pin_configure == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->pin_configure(dev, pin, flags);
}

/**
 * Read the level of every pin of the port into @p value (bit n = pin n;
 * bits at and above ngpios are 0).
 * @retval 0 @p value holds the levels
 * @retval -EINVAL NULL argument
 * @retval -ENOSYS the driver cannot read
 * ISR: ok.
 */
static inline int gpio_port_get_raw(const struct device *dev,
				    gpio_port_value_t *value)
{
	if (dev == NULL || dev->api == NULL || value == NULL) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->port_get_raw == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->port_get_raw(dev, value);
}

/**
 * Set the output level of the pins in @p mask to the matching bits of
 * @p value; the other pins keep theirs. Pins not configured as outputs
 * latch the level and drive it once they are.
 * @retval 0 set
 * @retval -EINVAL NULL device, or @p mask has a pin at or above ngpios
 * @retval -ENOTSUP the port has no outputs (input-only hardware)
 * @retval -ENOSYS the driver cannot write
 * ISR: ok.
 */
static inline int gpio_port_set_masked(const struct device *dev,
				       gpio_port_pins_t mask,
				       gpio_port_value_t value)
{
	if (dev == NULL || dev->api == NULL ||
	    (mask & ~gpio_port_pins_mask(dev)) != 0) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->port_set_masked_raw == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->port_set_masked_raw(dev, mask, value);
}

/**
 * Drive one output pin: @p value 0 = low, anything else = high.
 * @retval 0 set
 * @retval -EINVAL NULL device, or pin not below ngpios
 * @retval -ENOTSUP the port has no outputs (input-only hardware)
 * @retval -ENOSYS the driver cannot write
 * ISR: ok.
 */
static inline int gpio_pin_set(const struct device *dev, gpio_pin_t pin,
			       int value)
{
	if (!z_gpio_pin_ok(dev, pin)) {
		return -EINVAL;
	}
	return gpio_port_set_masked(dev, 1u << pin, value != 0 ? 1u << pin : 0u);
}

/**
 * Read one pin's level.
 * @return 0 (low) or 1 (high)
 * @retval -EINVAL NULL device, or pin not below ngpios
 * @retval -ENOSYS the driver cannot read
 * ISR: ok.
 */
static inline int gpio_pin_get(const struct device *dev, gpio_pin_t pin)
{
	gpio_port_value_t v;

	if (!z_gpio_pin_ok(dev, pin)) {
		return -EINVAL;
	}
	int ret = gpio_port_get_raw(dev, &v);

	if (ret != 0) {
		return ret;
	}
	return (int)((v >> pin) & 1u);
}

/**
 * Invert one output pin's level.
 * @retval 0 toggled
 * @retval -EINVAL NULL device, or pin not below ngpios
 * @retval -ENOTSUP the port has no outputs (input-only hardware)
 * @retval -ENOSYS the driver cannot toggle
 * ISR: ok.
 */
static inline int gpio_pin_toggle(const struct device *dev, gpio_pin_t pin)
{
	if (!z_gpio_pin_ok(dev, pin)) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->port_toggle_bits == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->port_toggle_bits(dev, 1u << pin);
}

/**
 * Choose which edges of an input pin interrupt: GPIO_INT_EDGE_RISING,
 * GPIO_INT_EDGE_FALLING, GPIO_INT_EDGE_BOTH, or GPIO_INT_DISABLE. On an
 * edge, every added callback whose pin_mask has the pin is called.
 * @retval 0 configured
 * @retval -EINVAL NULL device, pin not below ngpios, or flags other than
 *         GPIO_INT_*
 * @retval -ENOTSUP the pin cannot interrupt that way
 * @retval -ENOSYS the driver has no interrupts
 * ISR: ok.
 */
static inline int gpio_pin_interrupt_configure(const struct device *dev,
					       gpio_pin_t pin,
					       gpio_flags_t flags)
{
	if (!z_gpio_pin_ok(dev, pin) || (flags & ~GPIO_INT_EDGE_BOTH) != 0) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->pin_interrupt_configure == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->pin_interrupt_configure(dev, pin, flags);
}

/**
 * Add @p cb (filled by gpio_init_callback()) to @p dev's callbacks.
 * Adding one that is already there moves it to the front.
 * @retval 0 added
 * @retval -EINVAL NULL argument or NULL handler
 * @retval -ENOSYS the driver has no interrupts
 * ISR: ok.
 */
static inline int gpio_add_callback(const struct device *dev,
				    struct gpio_callback *cb)
{
	if (dev == NULL || dev->api == NULL || cb == NULL || cb->handler == NULL) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->manage_callback == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->manage_callback(dev, cb, true);
}

/**
 * Remove @p cb from @p dev's callbacks; it is not called again.
 * @retval 0 removed
 * @retval -EINVAL NULL argument, or @p cb was not added
 * @retval -ENOSYS the driver has no interrupts
 * ISR: ok (a handler may remove itself).
 */
static inline int gpio_remove_callback(const struct device *dev,
				       struct gpio_callback *cb)
{
	if (dev == NULL || dev->api == NULL || cb == NULL) {
		return -EINVAL;
	}
	if (z_gpio_api(dev)->manage_callback == NULL) {
		return -ENOSYS;
	}
	return z_gpio_api(dev)->manage_callback(dev, cb, false);
}

/* ---- native_sim: the simulated controller (kestrel,sim-gpio) ---- */

/**
 * Drive input @p pin of a simulated controller from outside, as a wire
 * would: @p level 0 = low, else high. When the pin's effective level
 * changes on an edge its interrupt configuration selects, the
 * controller's interrupt line is raised and the callbacks run in ISR
 * context as soon as interrupts are unlocked (before this returns, when
 * called from a thread with interrupts unlocked).
 * @retval 0 driven
 * @retval -EINVAL @p dev is not a simulated GPIO controller, or pin not
 *         below ngpios
 * Thread or ISR. native_sim only.
 */
int gpio_sim_set_input(const struct device *dev, gpio_pin_t pin, int level);

/**
 * Stop driving @p pin from outside: it floats again (reads its pull
 * resistor's level, or low without one).
 * @retval 0 released
 * @retval -EINVAL not a simulated controller, or pin not below ngpios
 */
int gpio_sim_release_input(const struct device *dev, gpio_pin_t pin);

/**
 * The level a simulated pin drives: 0 or 1 for an output pin, -EAGAIN for
 * a pin that is not configured as an output.
 * @retval -EINVAL not a simulated controller, or pin not below ngpios
 */
int gpio_sim_get_output(const struct device *dev, gpio_pin_t pin);

#endif /* KESTREL_DRIVERS_GPIO_H */
