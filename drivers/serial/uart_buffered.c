/*
 * Interrupt-driven UART core (uart_buffered.h): rings filled and drained
 * by the drivers' ISRs, read and written by threads with interrupts
 * locked around each ring access.
 */
#include <errno.h>

#include <kestrel/kernel.h>

#include "uart_buffered.h"

void uart_buffered_init(struct uart_buffered *b, const struct uart_buffered_hw *hw)
{
	b->hw = hw;
	(void)ring_buf_init(&b->rx, b->rx_mem, sizeof(b->rx_mem));
	(void)ring_buf_init(&b->tx, b->tx_mem, sizeof(b->tx_mem));
	(void)k_sem_init(&b->rx_sem, 0, 1);
	b->rx_cb = NULL;
	b->rx_cb_data = NULL;
	b->stats = (struct uart_stats){ 0 };
	b->rx_on = false;
	b->rx_event = false;
}

void uart_buffered_rx_done(const struct device *dev, struct uart_buffered *b)
{
	if (!b->rx_event) {
		return;
	}
	b->rx_event = false;
	(void)k_sem_give(&b->rx_sem);
	if (b->rx_cb != NULL) {
		b->rx_cb(dev, b->rx_cb_data);
	}
}

int uart_buffered_tx_get(struct uart_buffered *b, unsigned char *c)
{
	if (ring_buf_get(&b->tx, c, 1) != 1) {
		return -EAGAIN;
	}
	b->stats.tx_bytes++;
	return 0;
}

int uart_buffered_poll_in(const struct device *dev, unsigned char *c)
{
	return uart_buffered_read(dev, c, 1) == 1 ? 0 : -EAGAIN;
}

int uart_buffered_rx_enable(const struct device *dev, bool on)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();

	if (b->rx_on != on) {
		b->rx_on = on;
		b->hw->rx_irq(dev, on);
	}
	irq_unlock(key);
	return 0;
}

int uart_buffered_read(const struct device *dev, void *buf, size_t len)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();
	int n = ring_buf_get(&b->rx, buf, len);

	irq_unlock(key);
	return n;
}

int uart_buffered_read_wait(const struct device *dev, void *buf, size_t len,
			    k_timeout_t timeout)
{
	struct uart_buffered *b = uart_buffered_of(dev);

	for (;;) {
		int n = uart_buffered_read(dev, buf, len);

		if (n != 0) {
			return n;
		}
		if (!b->rx_on) {
			return -EINVAL;
		}
		/* A give from a batch already read leaves the semaphore set:
		 * the loop then finds nothing and waits again. */
		if (k_sem_take(&b->rx_sem, timeout) != 0) {
			return -EAGAIN;
		}
	}
}

int uart_buffered_write(const struct device *dev, const void *buf, size_t len)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();
	int n = ring_buf_put(&b->tx, buf, len);

	if (n > 0) {
		b->hw->tx_start(dev);
	}
	irq_unlock(key);
	return n;
}

int uart_buffered_tx_pending(const struct device *dev)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();
	int n = (int)ring_buf_used(&b->tx);

	irq_unlock(key);
	return n;
}

int uart_buffered_rx_callback_set(const struct device *dev, uart_rx_callback_t cb,
				  void *user_data)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();

	b->rx_cb = cb;
	b->rx_cb_data = user_data;
	irq_unlock(key);
	return 0;
}

int uart_buffered_stats_get(const struct device *dev, struct uart_stats *stats)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned int key = irq_lock();

	*stats = b->stats;
	irq_unlock(key);
	return 0;
}
