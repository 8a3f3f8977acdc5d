/*
 * SMSC LAN9118 Ethernet controller (smsc,lan9118), as on the MPS2 boards
 * and in QEMU's mps2-an385 model (`-nic user,model=lan9118`).
 *
 * The device keeps received frames in its own RX data and status FIFOs:
 * the ISR (RSFL, "RX status FIFO level") masks itself and calls the
 * receive callback; eth_recv() reads one frame out of the FIFOs and, when
 * they are empty, unmasks the interrupt again. eth_send() writes TX
 * command A/B and the frame into the TX data FIFO. The station address
 * comes from the devicetree's local-mac-address (programmed into
 * ADDRH/ADDRL) or, without it, from the device (its EEPROM); the link
 * state is the internal PHY's (MII register 1). Frames the device flags
 * bad (error summary, length error, address filter failed) are dropped
 * and counted in rx_errors; frames it lost to a full FIFO (RX_DROP) and
 * frames too long for the caller's buffer in rx_dropped.
 */
#ifndef KESTREL_ETH_LAN9118_H
#define KESTREL_ETH_LAN9118_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>

#include "ethernet/eth_common.h"

struct eth_lan9118_config {
	uintptr_t base;            /**< register block (0x100 bytes) */
	uint32_t irq;              /**< interrupt line */
	uint8_t mac[ETH_ADDR_LEN]; /**< local-mac-address; all 0: the device's */
};

struct eth_lan9118_data {
	struct eth_common common;   /**< first: see eth_common.h */
	struct k_mutex tx_lock;     /**< one frame into the TX FIFO at a time */
};

extern const struct eth_driver_api eth_lan9118_api;

/**
 * Check the chip (BYTE_TEST), soft-reset it, program the MAC address,
 * leave receive and transmit off (eth_start() turns them on), connect the
 * interrupt.
 * @retval 0 ready
 * @retval -ENODEV no LAN9118 at the address
 * @retval -EIO the chip did not come out of reset
 */
int eth_lan9118_init(const struct device *dev);

#endif
