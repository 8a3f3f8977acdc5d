/* ARM CMSDK APB UART: polled transmit and receive. */
#include <errno.h>

#include "uart_cmsdk_apb.h"

#define UART_DATA 0x00
#define UART_STATE 0x04
#define UART_CTRL 0x08
#define UART_BAUDDIV 0x10

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define CTRL_TX_EN (1u << 0)
#define CTRL_RX_EN (1u << 1)

static volatile uint32_t *reg(const struct device *dev, uint32_t off)
{
	const struct uart_cmsdk_apb_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

static int cmsdk_poll_in(const struct device *dev, unsigned char *c)
{
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

const struct uart_driver_api uart_cmsdk_apb_api = {
	.poll_in = cmsdk_poll_in,
	.poll_out = cmsdk_poll_out,
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
	return 0;
}
