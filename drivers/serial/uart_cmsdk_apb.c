/*
 * ARM CMSDK APB UART: polled transmit and receive and, with
 * CONFIG_UART_INTERRUPT_DRIVEN, interrupt-driven RX/TX through
 * uart_buffered.h. The UART has a one-byte buffer each way; its
 * INTSTATUS bits are set on "byte received" / "byte sent" while the
 * matching CTRL enable is on, stay set until written 1, and drive the RX
 * and TX lines. Overruns (STATE bits 2-3) drive the overflow line.
 */
#include <errno.h>

#include <kestrel/irq.h>

#include "uart_cmsdk_apb.h"

#define UART_DATA 0x00
#define UART_STATE 0x04
#define UART_CTRL 0x08
#define UART_INTSTATUS 0x0c
#define UART_BAUDDIV 0x10

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define STATE_TX_OVERRUN (1u << 2)
#define STATE_RX_OVERRUN (1u << 3)
#define CTRL_TX_EN (1u << 0)
#define CTRL_RX_EN (1u << 1)
#define CTRL_TX_INTEN (1u << 2)
#define CTRL_RX_INTEN (1u << 3)
#define CTRL_TXO_INTEN (1u << 4)
#define CTRL_RXO_INTEN (1u << 5)
#define INT_TX (1u << 0)
#define INT_RX (1u << 1)

static volatile uint32_t *reg(const struct device *dev, uint32_t off)
{
	const struct uart_cmsdk_apb_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

static int cmsdk_poll_in(const struct device *dev, unsigned char *c)
{
	if (uart_buffered_rx_on(dev)) {
		return uart_buffered_poll_in(dev, c);
	}
	if ((*reg(dev, UART_STATE) & STATE_RX_FULL) == 0) {
		return -EAGAIN;
	}
	*c = (unsigned char)*reg(dev, UART_DATA);
	return 0;
}

static void cmsdk_poll_out(const struct device *dev, unsigned char c)
{
	while ((*reg(dev, UART_STATE) & STATE_TX_FULL) != 0) {
	}
	*reg(dev, UART_DATA) = c;
}

#ifdef CONFIG_UART_INTERRUPT_DRIVEN

#include <kestrel/arch/arm/cmsis.h>

/* Receive: take every byte the UART holds; note a hardware overrun. */
static void cmsdk_rx_isr(const void *arg)
{
	const struct device *dev = arg;
	struct uart_buffered *b = uart_buffered_of(dev);

	*reg(dev, UART_INTSTATUS) = INT_RX;
	if ((*reg(dev, UART_STATE) & STATE_RX_OVERRUN) != 0) {
		*reg(dev, UART_STATE) = STATE_RX_OVERRUN; /* write 1 to clear */
		uart_buffered_hw_overrun(b);
	}
	/* Reading DATA may let the next byte in at once: one at a time,
	 * as long as reception stays on (a callback may turn it off). */
	while (b->rx_on && (*reg(dev, UART_STATE) & STATE_RX_FULL) != 0) {
		uart_buffered_rx_put(b, (unsigned char)*reg(dev, UART_DATA));
		uart_buffered_rx_done(dev, b);
	}
	uart_buffered_rx_done(dev, b);
}

/* Transmit: refill while the UART has room; off when the ring is empty. */
static void cmsdk_tx_isr(const void *arg)
{
	const struct device *dev = arg;
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned char c;

	*reg(dev, UART_INTSTATUS) = INT_TX;
	while ((*reg(dev, UART_STATE) & STATE_TX_FULL) == 0) {
		if (uart_buffered_tx_get(b, &c) != 0) {
			*reg(dev, UART_CTRL) &= ~CTRL_TX_INTEN;
			*reg(dev, UART_INTSTATUS) = INT_TX;
			return;
		}
		*reg(dev, UART_DATA) = c;
	}
}

/* The overflow line is shared (ORed) by the UARTs of the board. */
#define CMSDK_MAX_UARTS 5
static const struct device *cmsdk_devs[CMSDK_MAX_UARTS];

static void cmsdk_overflow_isr(const void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < CMSDK_MAX_UARTS && cmsdk_devs[i] != NULL; i++) {
		const struct device *dev = cmsdk_devs[i];
		uint32_t state = *reg(dev, UART_STATE);

		if ((state & STATE_TX_OVERRUN) != 0) {
			*reg(dev, UART_STATE) = STATE_TX_OVERRUN;
		}
		if ((state & STATE_RX_OVERRUN) != 0) {
			cmsdk_rx_isr(dev); /* takes the byte, counts the overrun */
		}
	}
}

static void cmsdk_rx_irq(const struct device *dev, bool on)
{
	const struct uart_cmsdk_apb_config *cfg = dev->config;

	if (on) {
		*reg(dev, UART_CTRL) |= CTRL_RX_INTEN | CTRL_RXO_INTEN;
		if ((*reg(dev, UART_STATE) & STATE_RX_FULL) != 0) {
			NVIC_STIR = cfg->irq; /* a byte came before: its ISR now */
		}
	} else {
		*reg(dev, UART_CTRL) &= ~(CTRL_RX_INTEN | CTRL_RXO_INTEN);
		*reg(dev, UART_INTSTATUS) = INT_RX;
	}
}

static void cmsdk_tx_start(const struct device *dev)
{
	struct uart_buffered *b = uart_buffered_of(dev);
	unsigned char c;

	if ((*reg(dev, UART_CTRL) & CTRL_TX_INTEN) != 0) {
		return; /* the TX ISR is already draining the ring */
	}
	*reg(dev, UART_CTRL) |= CTRL_TX_INTEN;
	if ((*reg(dev, UART_STATE) & STATE_TX_FULL) == 0 &&
	    uart_buffered_tx_get(b, &c) == 0) {
		*reg(dev, UART_DATA) = c; /* its completion raises the TX line */
	}
}

static const struct uart_buffered_hw cmsdk_hw = {
	.rx_irq = cmsdk_rx_irq,
	.tx_start = cmsdk_tx_start,
};

static int cmsdk_irq_init(const struct device *dev)
{
	const struct uart_cmsdk_apb_config *cfg = dev->config;
	unsigned int prio = CONFIG_UART_IRQ_PRIORITY;
	unsigned int i = 0;

	uart_buffered_init(uart_buffered_of(dev), &cmsdk_hw);
	while (i < CMSDK_MAX_UARTS - 1 && cmsdk_devs[i] != NULL) {
		i++;
	}
	cmsdk_devs[i] = dev;
	if (irq_connect_dynamic(cfg->irq, prio, cmsdk_rx_isr, dev) != 0 ||
	    irq_connect_dynamic(cfg->tx_irq, prio, cmsdk_tx_isr, dev) != 0 ||
	    irq_connect_dynamic(cfg->overflow_irq, prio, cmsdk_overflow_isr, NULL) != 0) {
		return -EINVAL;
	}
	irq_enable(cfg->irq);
	irq_enable(cfg->tx_irq);
	irq_enable(cfg->overflow_irq);
	return 0;
}

_Static_assert(offsetof(struct uart_cmsdk_apb_data, buf) == 0,
	       "the interrupt-driven core must come first in the driver data");

#else

static int cmsdk_irq_init(const struct device *dev)
{
	(void)dev;
	return 0;
}

#endif /* CONFIG_UART_INTERRUPT_DRIVEN */

const struct uart_driver_api uart_cmsdk_apb_api = {
	.poll_in = cmsdk_poll_in,
	.poll_out = cmsdk_poll_out,
	UART_BUFFERED_OPS
};

int uart_cmsdk_apb_init(const struct device *dev)
{
	const struct uart_cmsdk_apb_config *cfg = dev->config;
	struct uart_cmsdk_apb_data *data = dev->data;

	if (cfg->current_speed == 0) {
		return -EINVAL;
	}
	data->baud_div = cfg->clock_frequency / cfg->current_speed;
	if (data->baud_div < 16) {
		data->baud_div = 16; /* the smallest divisor the UART accepts */
	}
	*reg(dev, UART_BAUDDIV) = data->baud_div;
	*reg(dev, UART_CTRL) = CTRL_TX_EN | CTRL_RX_EN;
	return cmsdk_irq_init(dev);
}
