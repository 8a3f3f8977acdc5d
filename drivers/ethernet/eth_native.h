/*
 * native_sim Ethernet device (kestrel,native-eth).
 *
 * The device side is a receive ring of whole frames and the Ethernet API
 * (include/kestrel/drivers/ethernet.h); the host side is a backend that
 * carries frames to and from the host, chosen per device when it starts:
 * - libslirp (eth_native_slirp.c, the default): user-mode NAT with DHCP
 *   and DNS, no root, the same 10.0.2.0/24 network QEMU's user networking
 *   gives the other boards (gateway and host 10.0.2.2, DNS 10.0.2.3,
 *   device 10.0.2.15); one device per image.
 * - frames (eth_native_frames.c), for the device named by the command
 *   line's --eth-frames=DEV:LOCAL:PEER: each Ethernet frame is one UDP
 *   datagram between 127.0.0.1:LOCAL (the device) and 127.0.0.1:PEER (a
 *   host program), the format of QEMU's -netdev socket,udp=...; one
 *   device per image.
 * - tap (eth_native_tap.c), for the device named by --eth-tap=DEV:IFNAME:
 *   the host's TAP interface IFNAME (/dev/net/tun), so the device is on a
 *   real host network (bridged, routed or served by the host's own
 *   daemons). Needs the interface to exist (created by root, e.g.
 *   `ip tuntap add dev IFNAME mode tap user USER`) or root; one device
 *   per image.
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
#include "posix_hw.h"

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
	const struct eth_native_backend *backend; /**< chosen at eth_start */
	bool backend_open;
	bool link_down;            /**< eth_native_link_set(dev, false) */
};

/** A host side of the device (the backend seam). */
struct eth_native_backend {
	const char *name;
	/** Start carrying frames for @p dev. 0 or negative errno. */
	int (*open)(const struct device *dev);
	/** Hand one frame from the device to the host side. 0 or negative
	 *  errno. Called with interrupts locked. */
	int (*send)(const struct device *dev, const uint8_t *frame, size_t len);
};

extern const struct eth_native_backend eth_native_slirp_backend;
extern const struct eth_native_backend eth_native_frames_backend;
extern const struct eth_native_backend eth_native_tap_backend;

/**
 * A host descriptor carrying one whole frame per read (a UDP socket, a TAP
 * device), polled by the hardware model for the device it serves.
 */
struct eth_native_fd_port {
	const struct device *dev;
	int fd;                          /**< non-blocking; -1: closed */
	int poll_idx;
	struct posix_hw_poller poller;
	uint8_t buf[ETH_FRAME_MAX + 1];  /**< one more: a longer read is an error */
};

/** For a backend's open: poll @p fd for @p dev's received frames.
 *  @retval 0 @retval -ENOSPC no poller slot left. */
int eth_native_fd_port_start(struct eth_native_fd_port *port,
			     const struct device *dev, int fd);

/** What follows "DEV:" in command-line option @p opt when it names @p dev,
 *  else NULL (also for a NULL @p opt). */
const char *eth_native_opt_for(const char *opt, const struct device *dev);

extern const struct eth_driver_api eth_native_api;

/** Connect the interrupt line. @retval 0 @retval -EINVAL bad line. */
int eth_native_init(const struct device *dev);

/** For the backend: a frame arrived from the host side. Queues it (or
 *  drops and counts it) and raises the device's interrupt line. */
void eth_native_rx_push(const struct device *dev, const uint8_t *frame,
			size_t len);

#endif
