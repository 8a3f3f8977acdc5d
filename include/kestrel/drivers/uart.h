/*
 * UART (serial) driver API.
 *
 * A UART driver fills a struct uart_driver_api; applications call the
 * inline wrappers below, which return -ENOSYS for an operation the driver
 * does not have.
 *
 * Two ways to move bytes:
 * - Polling (uart_poll_in / uart_poll_out): one character at a time, no
 *   interrupts; what printk and early boot use.
 * - Interrupt-driven (CONFIG_UART_INTERRUPT_DRIVEN): the driver keeps an
 *   RX and a TX ring buffer (CONFIG_UART_RX_RING_SIZE /
 *   CONFIG_UART_TX_RING_SIZE bytes per UART) that its ISRs fill and
 *   drain. uart_rx_enable() starts reception into the RX ring; a byte
 *   that arrives while the ring is full is lost and counted
 *   (uart_stats.rx_overrun), as is an overrun the hardware itself reports
 *   (uart_stats.hw_overrun): never a crash, and reception goes on.
 *   uart_read() / uart_write() never wait and return counts;
 *   uart_read_wait() blocks a thread until bytes arrive or a timeout.
 *   A callback set with uart_rx_callback_set() runs in the ISR after
 *   each received byte.
 * While RX is enabled, uart_poll_in() takes its byte from the RX ring.
 * uart_poll_out() bypasses the TX ring (printk stays synchronous); output
 * queued with uart_write() and polled output may interleave.
 *
 * One thread at a time reads (uart_read/uart_read_wait/uart_poll_in) and
 * one writes with uart_write(); the ISR side is the driver's.
 */
#ifndef KESTREL_DRIVERS_UART_H
#define KESTREL_DRIVERS_UART_H

#include <errno.h>
#include <stddef.h>

#include <kestrel/device.h>
#include <kestrel/kernel.h>

/** Counters of the interrupt-driven side of a UART (since boot). */
struct uart_stats {
	uint32_t rx_bytes;   /**< bytes received and stored in the RX ring */
	uint32_t rx_overrun; /**< bytes received but lost: the RX ring was full */
	uint32_t hw_overrun; /**< overruns the hardware flagged (bytes lost in
			      *   the UART before the ISR could read them) */
	uint32_t tx_bytes;   /**< bytes handed from the TX ring to the hardware */
};

/**
 * Called in the UART's ISR (interrupt context: no blocking) after each
 * received byte was stored in, or lost to a full, RX ring (and after a
 * hardware overrun). It may call uart_read() (consume in the ISR) and
 * uart_rx_disable() (no further byte is taken from the hardware).
 */
typedef void (*uart_rx_callback_t)(const struct device *dev, void *user_data);

struct uart_driver_api {
	/** Read one character without waiting: 0, -EAGAIN if none. */
	int (*poll_in)(const struct device *dev, unsigned char *c);
	/** Write one character, waiting for room. */
	void (*poll_out)(const struct device *dev, unsigned char c);
	/* Interrupt-driven (NULL without CONFIG_UART_INTERRUPT_DRIVEN). */
	/** Start (true) or stop (false) reception into the RX ring: 0. */
	int (*rx_enable)(const struct device *dev, bool on);
	/** Move up to len bytes out of the RX ring: count. */
	int (*read)(const struct device *dev, void *buf, size_t len);
	/** As read, waiting up to timeout for the first byte: count, -EAGAIN. */
	int (*read_wait)(const struct device *dev, void *buf, size_t len,
			 k_timeout_t timeout);
	/** Queue up to len bytes in the TX ring: count. */
	int (*write)(const struct device *dev, const void *buf, size_t len);
	/** Bytes queued in the TX ring, not yet handed to the hardware. */
	int (*tx_pending)(const struct device *dev);
	/** Set (or clear, NULL) the RX callback: 0. */
	int (*rx_callback_set)(const struct device *dev, uart_rx_callback_t cb,
			       void *user_data);
	/** Copy the counters: 0. */
	int (*stats_get)(const struct device *dev, struct uart_stats *stats);
};

static inline const struct uart_driver_api *z_uart_api(const struct device *dev)
{
	return (const struct uart_driver_api *)dev->api;
}

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

/**
 * Start receiving into the RX ring (interrupt-driven). Bytes the hardware
 * already holds are taken at once.
 * @retval 0 receiving (also when it already was)
 * @retval -ENOSYS the driver (or the build: CONFIG_UART_INTERRUPT_DRIVEN=n)
 *         has no interrupt-driven mode
 * @retval -EINVAL NULL device
 * Thread or ISR.
 */
static inline int uart_rx_enable(const struct device *dev)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->rx_enable == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->rx_enable(dev, true);
}

/**
 * Stop receiving into the RX ring; bytes already stored stay readable,
 * later ones wait in the hardware (or are lost there).
 * @retval 0 stopped
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device
 * Thread or ISR.
 */
static inline int uart_rx_disable(const struct device *dev)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->rx_enable == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->rx_enable(dev, false);
}

/**
 * Take up to @p len received bytes out of the RX ring, oldest first,
 * without waiting.
 * @return the number of bytes copied to @p buf (0: the ring is empty)
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device, or NULL @p buf with @p len > 0
 * Thread or ISR (one reader at a time).
 */
static inline int uart_read(const struct device *dev, void *buf, size_t len)
{
	if (dev == NULL || (buf == NULL && len > 0)) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->read == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->read(dev, buf, len);
}

/**
 * Like uart_read(), but wait up to @p timeout for at least one byte.
 * @return the number of bytes copied (at least 1)
 * @retval -EAGAIN nothing arrived within @p timeout (at once for K_NO_WAIT)
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device or @p buf, @p len 0, or reception not
 *         enabled (uart_rx_enable) so that nothing could ever arrive
 * Thread; ISR only with K_NO_WAIT.
 */
static inline int uart_read_wait(const struct device *dev, void *buf, size_t len,
				 k_timeout_t timeout)
{
	if (dev == NULL || buf == NULL || len == 0) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->read_wait == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->read_wait(dev, buf, len, timeout);
}

/**
 * Queue up to @p len bytes for interrupt-driven transmission, as many as
 * the TX ring has room for; the TX ISR sends them in order.
 * @return the number of bytes queued (0: the TX ring is full)
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device, or NULL @p buf with @p len > 0
 * Thread or ISR (one writer at a time).
 */
static inline int uart_write(const struct device *dev, const void *buf, size_t len)
{
	if (dev == NULL || (buf == NULL && len > 0)) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->write == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->write(dev, buf, len);
}

/**
 * Bytes queued by uart_write() that the hardware has not taken yet.
 * @return the count (0: everything was sent)
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device
 * Thread or ISR.
 */
static inline int uart_tx_pending(const struct device *dev)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->tx_pending == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->tx_pending(dev);
}

/**
 * Have @p cb(@p dev, @p user_data) called in the ISR after each received
 * byte (NULL: no callback). Replaces the previous callback.
 * @retval 0 set
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device
 * Thread or ISR.
 */
static inline int uart_rx_callback_set(const struct device *dev,
				       uart_rx_callback_t cb, void *user_data)
{
	if (dev == NULL) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->rx_callback_set == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->rx_callback_set(dev, cb, user_data);
}

/**
 * Copy the interrupt-driven side's counters (struct uart_stats).
 * @retval 0 @p stats filled
 * @retval -ENOSYS no interrupt-driven mode
 * @retval -EINVAL NULL device or @p stats
 * Thread or ISR.
 */
static inline int uart_stats_get(const struct device *dev, struct uart_stats *stats)
{
	if (dev == NULL || stats == NULL) {
		return -EINVAL;
	}
	if (z_uart_api(dev)->stats_get == NULL) {
		return -ENOSYS;
	}
	return z_uart_api(dev)->stats_get(dev, stats);
}

/* ---- driver-specific ---- */

/**
 * NS16550 (test hook): turn the UART's internal loopback (MCR bit 4) on
 * or off. In loopback, transmitted bytes are received by the same UART
 * and nothing reaches the line.
 * @retval 0 done
 * @retval -EINVAL @p dev is NULL or not an NS16550
 * Thread or ISR. Defined only with CONFIG_UART_NS16550.
 */
int uart_ns16550_loopback(const struct device *dev, bool on);

#endif
