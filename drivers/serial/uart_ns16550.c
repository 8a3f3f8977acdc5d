/* NS16550-compatible UART: polled transmit and receive, 8N1. */
#include <errno.h>

#include "uart_ns16550.h"

/* Register indexes (scaled by reg_shift). */
#define REG_RBR 0 /* receive buffer (read) */
#define REG_THR 0 /* transmit holding (write) */
#define REG_DLL 0 /* divisor low (DLAB = 1) */
#define REG_IER 1 /* interrupt enable */
#define REG_DLM 1 /* divisor high (DLAB = 1) */
#define REG_FCR 2 /* FIFO control (write) */
#define REG_LCR 3 /* line control */
#define REG_MCR 4 /* modem control */
#define REG_LSR 5 /* line status */

#define LCR_8N1 0x03u
#define LCR_DLAB 0x80u
#define FCR_ENABLE_CLEAR 0x07u /* enable FIFOs, clear both */
#define MCR_DTR_RTS 0x03u
#define LSR_DATA_READY 0x01u
#define LSR_THR_EMPTY 0x20u

static volatile uint8_t *reg(const struct device *dev, unsigned int idx)
{
	const struct uart_ns16550_config *cfg = dev->config;

	return (volatile uint8_t *)(cfg->base + (idx << cfg->reg_shift));
}

static int ns16550_poll_in(const struct device *dev, unsigned char *c)
{
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

const struct uart_driver_api uart_ns16550_api = {
	.poll_in = ns16550_poll_in,
	.poll_out = ns16550_poll_out,
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
	*reg(dev, REG_MCR) = MCR_DTR_RTS;
	data->divisor = div;
	return 0;
}
