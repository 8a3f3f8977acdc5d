/*
 * Interrupt-driven UART core shared by the serial drivers: the RX and TX
 * ring buffers, the RX wake-up semaphore and callback, the counters, and
 * the implementations of the interrupt-driven ops of struct
 * uart_driver_api (include/kestrel/drivers/uart.h).
 *
 * A driver using it:
 * - puts `struct uart_buffered buf;` FIRST in its data struct (the ops
 *   find it at dev->data) and calls uart_buffered_init() from its init;
 * - supplies struct uart_buffered_hw (two hooks, called with interrupts
 *   locked);
 * - in its ISR: uart_buffered_rx_put() then uart_buffered_rx_done() per
 *   received byte, while b->rx_on (the callback may turn it off); uart_buffered_tx_get() for each byte
 *   the transmitter can take; uart_buffered_hw_overrun() when the
 *   hardware flags an overrun.
 */
#ifndef KESTREL_UART_BUFFERED_H
#define KESTREL_UART_BUFFERED_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/uart.h>
#include <kestrel/kernel.h>
#include <kestrel/sys/ring_buf.h>

#ifdef CONFIG_UART_INTERRUPT_DRIVEN

/** What the core asks of the hardware; both hooks run with irqs locked. */
struct uart_buffered_hw {
	/**
	 * Turn the receive (and receive-overrun) interrupts on or off. When
	 * turning them on with bytes already held by the hardware, make sure
	 * the ISR runs for them (pend the line).
	 */
	void (*rx_irq)(const struct device *dev, bool on);
	/** Bytes were queued in the TX ring: get the TX ISR path going. */
	void (*tx_start)(const struct device *dev);
};

struct uart_buffered {
	const struct uart_buffered_hw *hw;
	struct ring_buf rx;
	struct ring_buf tx;
	struct k_sem rx_sem;      /**< given by the ISR when bytes arrive */
	uart_rx_callback_t rx_cb;
	void *rx_cb_data;
	struct uart_stats stats;
	bool rx_on;               /**< uart_rx_enable() in force */
	bool rx_event;            /**< bytes came in since the last rx_done */
	uint8_t rx_mem[CONFIG_UART_RX_RING_SIZE];
	uint8_t tx_mem[CONFIG_UART_TX_RING_SIZE];
};

static inline struct uart_buffered *uart_buffered_of(const struct device *dev)
{
	return (struct uart_buffered *)dev->data;
}

/** Empty rings, zero counters, RX off. Init level, before interrupts. */
void uart_buffered_init(struct uart_buffered *b, const struct uart_buffered_hw *hw);

/** ISR: store one received byte, or count it lost when the ring is full. */
static inline void uart_buffered_rx_put(struct uart_buffered *b, unsigned char c)
{
	if (ring_buf_put(&b->rx, &c, 1) == 1) {
		b->stats.rx_bytes++;
	} else {
		b->stats.rx_overrun++;
	}
	b->rx_event = true;
}

/** ISR: count an overrun the hardware reported. */
static inline void uart_buffered_hw_overrun(struct uart_buffered *b)
{
	b->stats.hw_overrun++;
	b->rx_event = true;
}

/** ISR: after rx_put (or hw_overrun): wake a reader, run the callback. */
void uart_buffered_rx_done(const struct device *dev, struct uart_buffered *b);

/**
 * ISR: the next byte to transmit.
 * @retval 0 @p c holds it (counted as sent)
 * @retval -EAGAIN the TX ring is empty (turn the TX interrupt off)
 */
int uart_buffered_tx_get(struct uart_buffered *b, unsigned char *c);

/** For a driver's poll_in while RX is on: 0 and a byte, or -EAGAIN. */
int uart_buffered_poll_in(const struct device *dev, unsigned char *c);

/* The ops of struct uart_driver_api (the wrappers checked the arguments). */
int uart_buffered_rx_enable(const struct device *dev, bool on);
int uart_buffered_read(const struct device *dev, void *buf, size_t len);
int uart_buffered_read_wait(const struct device *dev, void *buf, size_t len,
			    k_timeout_t timeout);
int uart_buffered_write(const struct device *dev, const void *buf, size_t len);
int uart_buffered_tx_pending(const struct device *dev);
int uart_buffered_rx_callback_set(const struct device *dev, uart_rx_callback_t cb,
				  void *user_data);
int uart_buffered_stats_get(const struct device *dev, struct uart_stats *stats);

/*
 * The interrupt-driven entries of a driver's struct uart_driver_api, for
 * its static definition: { .poll_in = ..., .poll_out = ..., UART_BUFFERED_OPS }.
 */
#define UART_BUFFERED_OPS                                                     \
	.rx_enable = uart_buffered_rx_enable, .read = uart_buffered_read,     \
	.read_wait = uart_buffered_read_wait, .write = uart_buffered_write,   \
	.tx_pending = uart_buffered_tx_pending,                               \
	.rx_callback_set = uart_buffered_rx_callback_set,                     \
	.stats_get = uart_buffered_stats_get

/** True while uart_rx_enable() is in force on @p dev. */
static inline bool uart_buffered_rx_on(const struct device *dev)
{
	return uart_buffered_of(dev)->rx_on;
}

#else /* !CONFIG_UART_INTERRUPT_DRIVEN: polled drivers only */

#define UART_BUFFERED_OPS /* none: the wrappers return -ENOSYS */

static inline bool uart_buffered_rx_on(const struct device *dev)
{
	(void)dev;
	return false;
}

static inline int uart_buffered_poll_in(const struct device *dev, unsigned char *c)
{
	(void)dev;
	(void)c;
	return -ENOSYS;
}

#endif /* CONFIG_UART_INTERRUPT_DRIVEN */

#endif
