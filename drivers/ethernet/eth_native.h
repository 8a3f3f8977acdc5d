/*
 * native_sim Ethernet device (kestrel,native-eth).
 *
 * The device side is a receive ring of whole frames and the Ethernet API
 * (include/kestrel/drivers/ethernet.h); the host side is a backend that
 * carries frames to and from the host. The only backend so far is
 * libslirp (eth_native_slirp.c): user-mode NAT with DHCP and DNS, no root,
 * the same 10.0.2.0/24 network QEMU's user networking gives the other
 * boards (gateway and host 10.0.2.2, DNS 10.0.2.3, device 10.0.2.15).
 *
 * The backend starts with eth_start(): from then on the hardware model
 * polls its host sockets and native_sim follows real time (a host peer
 * cannot be simulated). Images that never start the device keep
 * simulated time.
 */
#ifndef KESTREL_ETH_NATIVE_H
#define KESTREL_ETH_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/ethernet.h>

#include "ethernet/eth_common.h"

struct eth_native_config {
	unsigned int irq;   /**< simulated interrupt line of received frames */
	uint8_t mac[ETH_ADDR_LEN]; /**< local-mac-address; all 0: 02:00:4b:54:00:01 */
};

struct eth_native_frame {
	uint16_t len;
	uint8_t buf[ETH_FRAME_MAX];
};

struct eth_native_data {
	struct eth_common common;  /**< first: see eth_common.h */
	struct eth_native_frame rx[CONFIG_ETH_NATIVE_RX_FRAMES];
	unsigned int rx_head;      /**< oldest frame */
	unsigned int rx_count;
	bool backend_open;
};

extern const struct eth_driver_api eth_native_api;

/** Connect the interrupt line. @retval 0 @retval -EINVAL bad line. */
int eth_native_init(const struct device *dev);

/*
 * The backend seam (one backend per build).
 */

/** Backend: start carrying frames for @p dev. 0 or negative errno. */
int eth_native_backend_open(const struct device *dev);

/** Backend: hand one frame from the device to the host side. 0 or
 *  negative errno. Called with interrupts locked. */
int eth_native_backend_send(const struct device *dev, const uint8_t *frame,
			    size_t len);

/** For the backend: a frame arrived from the host side. Queues it (or
 *  drops and counts it) and raises the device's interrupt line. */
void eth_native_rx_push(const struct device *dev, const uint8_t *frame,
			size_t len);

#endif
