/*
 * Helpers for GPIO drivers: the list of struct gpio_callback a controller
 * keeps, and firing it from the ISR. Private to drivers/gpio/.
 */
#ifndef KESTREL_GPIO_UTILS_H
#define KESTREL_GPIO_UTILS_H

#include <errno.h>

#include <kestrel/drivers/gpio.h>
#include <kestrel/kernel.h>

/**
 * Add (@p set) or remove @p cb in the list at @p head. Adding an entry that
 * is there already moves it to the front.
 * @retval 0 done
 * @retval -EINVAL removing an entry that is not in the list
 * ISR: ok (the list is changed with interrupts locked).
 */
static inline int gpio_manage_callback_list(struct gpio_callback **head,
					    struct gpio_callback *cb, bool set)
{
	unsigned int key = irq_lock();
	struct gpio_callback **pp = head;
	bool found = false;

	while (*pp != NULL) {
		if (*pp == cb) {
			*pp = cb->next;
			found = true;
			break;
		}
		pp = &(*pp)->next;
	}
	if (set) {
		cb->next = *head;
		*head = cb;
	}
	irq_unlock(key);
	return set || found ? 0 : -EINVAL;
}

/**
 * Call every callback of the list whose pin_mask meets @p pins, with the
 * pins it asked for. A handler may remove itself. ISR context.
 */
static inline void gpio_fire_callbacks(struct gpio_callback **head,
				       const struct device *dev,
				       gpio_port_pins_t pins)
{
	struct gpio_callback *cb = *head;

	while (cb != NULL) {
		struct gpio_callback *next = cb->next; /* cb may remove itself */
		gpio_port_pins_t mine = cb->pin_mask & pins;

		if (mine != 0) {
			cb->handler(dev, cb, mine);
		}
		cb = next;
	}
}

#endif /* KESTREL_GPIO_UTILS_H */
