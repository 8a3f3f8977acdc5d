/*
 * virtio-net (virtio network device, device ID 1) on a modern virtio 1.0
 * MMIO transport (kestrel,virtio-net-mmio), as QEMU's
 * `-netdev user,id=n0 -device virtio-net-device,netdev=n0` with
 * `-global virtio-mmio.force-legacy=false` gives on the qemu_rv32 board.
 *
 * Features: VIRTIO_F_VERSION_1, VIRTIO_NET_F_MAC, VIRTIO_NET_F_STATUS
 * (link state); no offloads, no mergeable buffers, so every buffer starts
 * with the 12-byte virtio_net_hdr (all zero on transmit). Queue 0
 * (receive) holds CONFIG_ETH_VIRTIO_NET_RX_BUFFERS buffers posted at
 * eth_start(); its used-ring interrupt calls the receive callback and
 * eth_recv() copies a frame out and posts the buffer again. Queue 1
 * (transmit) has CONFIG_ETH_VIRTIO_NET_TX_BUFFERS buffers, reclaimed by
 * eth_send() (no transmit interrupts). eth_stop() resets the device, which
 * gives up every buffer; eth_start() sets it up again.
 */
#ifndef KESTREL_ETH_VIRTIO_NET_H
#define KESTREL_ETH_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>

#include "ethernet/eth_common.h"
#include "virtio/virtio_mmio.h"

#define VIRTIO_NET_HDR_LEN 12 /**< virtio_net_hdr with VIRTIO_F_VERSION_1 */
#define VIRTIO_NET_BUF_LEN (VIRTIO_NET_HDR_LEN + ETH_FRAME_MAX)
#define VIRTIO_NET_RXQ CONFIG_ETH_VIRTIO_NET_RX_BUFFERS
#define VIRTIO_NET_TXQ CONFIG_ETH_VIRTIO_NET_TX_BUFFERS

struct eth_virtio_net_config {
	uintptr_t base;            /**< virtio-mmio register block */
	uint32_t irq;              /**< PLIC line of the slot */
	uint8_t mac[ETH_ADDR_LEN]; /**< local-mac-address; all 0: the device's */
};

struct eth_virtio_net_data {
	struct eth_common common;     /**< first: see eth_common.h */
	VIRTQ_STORAGE(VIRTIO_NET_RXQ) rx_ring;
	VIRTQ_STORAGE(VIRTIO_NET_TXQ) tx_ring;
	struct virtq rxq;
	struct virtq txq;
	uint8_t rx_buf[VIRTIO_NET_RXQ][VIRTIO_NET_BUF_LEN];
	uint8_t tx_buf[VIRTIO_NET_TXQ][VIRTIO_NET_BUF_LEN];
	uint16_t tx_free[VIRTIO_NET_TXQ]; /**< stack of idle TX descriptors */
	uint16_t tx_nfree;
	uint32_t features;            /**< accepted feature bits 0-31 */
	struct k_mutex tx_lock;       /**< one sender at a time */
};

extern const struct eth_driver_api eth_virtio_net_api;

/**
 * Check the transport (magic, version 2, device ID 1), negotiate the
 * features, read the MAC address, connect the interrupt; the queues are
 * set up by eth_start().
 * @retval 0 ready
 * @retval -ENODEV no virtio-net device in the slot
 * @retval -ENOTSUP legacy transport, or the device refuses virtio 1.0
 */
int eth_virtio_net_init(const struct device *dev);

#endif
