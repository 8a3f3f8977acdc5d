/*
 * UART (serial) driver API.
 *
 * A UART driver fills a struct uart_driver_api; applications call the
 * inline wrappers below, which return -ENOSYS for an operation the driver
 * does not have.
 */
#ifndef KESTREL_DRIVERS_UART_H
#define KESTREL_DRIVERS_UART_H

#include <errno.h>
#include <stddef.h>

#include <kestrel/device.h>

struct uart_driver_api {
	/** Read one character without waiting: 0, -EAGAIN if none. */
	int (*poll_in)(const struct device *dev, unsigned char *c);
	/** Write one character, waiting for room. */
	void (*poll_out)(const struct device *dev, unsigned char c);
};

/**
 * Read a received character if one is waiting.
 * @retval 0 @p c holds the character
 * @retval -EAGAIN nothing received
 * @retval -ENOSYS the driver cannot poll
 * @retval -EINVAL NULL argument
 * ISR: ok.
 */
static inline int uart_poll_in(const struct device *dev, unsigned char *c)
{
	if (dev == NULL || c == NULL) {
		return -EINVAL;
	}
	const struct uart_driver_api *api = (const struct uart_driver_api *)dev->api;

	if (api->poll_in == NULL) {
		return -ENOSYS;
	}
	return api->poll_in(dev, c);
}

/**
 * Write a character, busy-waiting until the transmitter takes it.
 * @retval 0 written
 * @retval -ENOSYS the driver cannot poll
 * @retval -EINVAL NULL device
 * ISR: ok.
 */
static inline int uart_poll_out(const struct device *dev, unsigned char c)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	const struct uart_driver_api *api = (const struct uart_driver_api *)dev->api;

	if (api->poll_out == NULL) {
		return -ENOSYS;
	}
	api->poll_out(dev, c);
	return 0;
}

#endif
