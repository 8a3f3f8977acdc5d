/* Shared by the UART test files. */
#ifndef UART_TEST_H
#define UART_TEST_H

#include <devicetree.h>
#include <kestrel/drivers/uart.h>

#define UART_DEV DEVICE_DT_CHOSEN_kestrel_console

/* Bytes received since boot, stored or lost. */
static inline uint32_t uart_test_total_rx(const struct device *dev)
{
	struct uart_stats st;

	(void)uart_stats_get(dev, &st);
	return st.rx_bytes + st.rx_overrun;
}

#endif
