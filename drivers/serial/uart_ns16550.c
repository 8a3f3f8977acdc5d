/*
 * NS16550-compatible UART, 8N1, 16-byte FIFOs: polled transmit and
 * receive and, with CONFIG_UART_INTERRUPT_DRIVEN, interrupt-driven RX/TX
 * through uart_buffered.h (IER: received data, THR empty, line status).
 */
#include <errno.h>

#include <kestrel/irq.h>

#include "uart_ns16550.h"

/* Register indexes (scaled by reg_shift). */
#define REG_RBR 0 /* receive buffer (read) */
#define REG_THR 0 /* transmit holding (write) */
#define REG_DLL 0 /* divisor low (DLAB = 1) */
#define REG_IER 1 /* interrupt enable */
#define REG_DLM 1 /* divisor high (DLAB = 1) */
#define REG_IIR 2 /* interrupt identification (read) */
#define REG_FCR 2 /* FIFO control (write) */
#define REG_LCR 3 /* line control */
#define REG_MCR 4 /* modem control */
#define REG_LSR 5 /* line status */

#define LCR_8N1 0x03u
#define LCR_DLAB 0x80u
#define FCR_ENABLE_CLEAR 0x07u /* enable FIFOs, clear both */
#define MCR_DTR_RTS 0x03u
#define MCR_OUT2 0x08u /* gates the interrupt output on PC-style boards */
#define MCR_LOOP 0x10u
#define LSR_DATA_READY 0x01u
#define LSR_OVERRUN 0x02u
#define LSR_THR_EMPTY 0x20u
#define IER_RX 0x01u   /* received data available */
#define IER_THRE 0x02u /* transmit holding register empty */
#define IER_LS 0x04u   /* receiver line status (overrun) */
#define IIR_NONE 0x01u /* no interrupt pending */
#define TX_FIFO_SIZE 16u

static volatile uint8_t *reg(const struct device *dev, unsigned int idx)
{
	const struct uart_ns16550_config *cfg = dev->config;

	return (volatile uint8_t *)(cfg->base + (idx << cfg->reg_shift));
}

static int ns16550_poll_in(const struct device *dev, unsigned char *c)
{
	if (uart_buffered_rx_on(dev)) {
		return uart_buffered_poll_in(dev, c);
	}
	if ((*reg(dev, REG_LSR) & LSR_DATA_READY) == 0) {
		return -EAGAIN;
	}
	*c = *reg(dev, REG_RBR);
	return 0;
}

static void ns16550_poll_out(const struct device *dev, unsigned char c)
{
	while ((*reg(dev, REG_LSR) & LSR_THR_EMPTY) == 0) {
	}
	*reg(dev, REG_THR) = c;
}

int uart_ns16550_loopback(const struct device *dev, bool on)
{
	if (dev == NULL || dev->api != &uart_ns16550_api) {
		return -EINVAL;
	}
	uint8_t mcr = *reg(dev, REG_MCR);

	*reg(dev, REG_MCR) = on ? mcr | MCR_LOOP : mcr & (uint8_t)~MCR_LOOP;
	return 0;
}

#ifdef CONFIG_UART_INTERRUPT_DRIVEN

/* Fill the TX FIFO from the ring; THR-empty interrupt off once it is empty. */
static void ns16550_tx_fill(const struct device *dev, struct uart_buffered *b)
{
	unsigned char c;

	for (unsigned int i = 0; i < TX_FIFO_SIZE; i++) {
		if (uart_buffered_tx_get(b, &c) != 0) {
			*reg(dev, REG_IER) &= (uint8_t)~IER_THRE;
			return;
		}
		*reg(dev, REG_THR) = c;
	}
}

static void ns16550_isr(const void *arg)
{
	const struct device *dev = arg;
	struct uart_buffered *b = uart_buffered_of(dev);

	while ((*reg(dev, REG_IIR) & IIR_NONE) == 0) {
		uint8_t lsr = *reg(dev, REG_LSR); /* reading clears the overrun */

		if ((lsr & LSR_OVERRUN) != 0) {
			uart_buffered_hw_overrun(b);
		}
		/* Reading RBR may let more in at once: one byte at a time, as
		 * long as reception stays on (a callback may turn it off). */
		while (b->rx_on && (*reg(dev, REG_LSR) & LSR_DATA_READY) != 0) {
			uart_buffered_rx_put(b, *reg(dev, REG_RBR));
			uart_buffered_rx_done(dev, b);
		}
		if ((lsr & LSR_THR_EMPTY) != 0 && (*reg(dev, REG_IER) & IER_THRE) != 0) {
			ns16550_tx_fill(dev, b);
		}
	}
	uart_buffered_rx_done(dev, b);
}

/* An enabled source whose condition already holds interrupts at once. */
static void ns16550_rx_irq(const struct device *dev, bool on)
{
	uint8_t ier = *reg(dev, REG_IER);

	*reg(dev, REG_IER) = on ? ier | IER_RX | IER_LS
				: ier & (uint8_t)~(IER_RX | IER_LS);
}

static void ns16550_tx_start(const struct device *dev)
{
	*reg(dev, REG_IER) |= IER_THRE;
}

static const struct uart_buffered_hw ns16550_hw = {
	.rx_irq = ns16550_rx_irq,
	.tx_start = ns16550_tx_start,
};

static int ns16550_irq_init(const struct device *dev)
{
	const struct uart_ns16550_config *cfg = dev->config;

	uart_buffered_init(uart_buffered_of(dev), &ns16550_hw);
	if (irq_connect_dynamic(cfg->irq, CONFIG_UART_IRQ_PRIORITY, ns16550_isr, dev) != 0) {
		return -EINVAL;
	}
	irq_enable(cfg->irq);
	return 0;
}

_Static_assert(offsetof(struct uart_ns16550_data, buf) == 0,
	       "the interrupt-driven core must come first in the driver data");

#else

static int ns16550_irq_init(const struct device *dev)
{
	(void)dev;
	return 0;
}

#endif /* CONFIG_UART_INTERRUPT_DRIVEN */

const struct uart_driver_api uart_ns16550_api = {
	.poll_in = ns16550_poll_in,
	.poll_out = ns16550_poll_out,
	UART_BUFFERED_OPS
};

int uart_ns16550_init(const struct device *dev)
{
	const struct uart_ns16550_config *cfg = dev->config;
	struct uart_ns16550_data *data = dev->data;

	if (cfg->current_speed == 0) {
		return -EINVAL;
	}
	/* The UART samples at 16x the baud rate: round to the nearest. */
	uint32_t div = (cfg->clock_frequency + 8u * cfg->current_speed) /
		       (16u * cfg->current_speed);

	if (div == 0 || div > 0xffffu) {
		return -EINVAL;
	}
	*reg(dev, REG_IER) = 0;
	*reg(dev, REG_LCR) = LCR_DLAB;
	*reg(dev, REG_DLL) = (uint8_t)div;
	*reg(dev, REG_DLM) = (uint8_t)(div >> 8);
	*reg(dev, REG_LCR) = LCR_8N1;
	*reg(dev, REG_FCR) = FCR_ENABLE_CLEAR;
	*reg(dev, REG_MCR) = MCR_DTR_RTS | MCR_OUT2;
	data->divisor = div;
	return ns16550_irq_init(dev);
}
