/*
 * Ethernet driver API.
 *
 * An Ethernet driver moves whole frames (destination MAC .. payload, no
 * preamble and no FCS) between the wire and memory. It knows nothing of
 * IP: the network stack (subsys/net) owns one interface per Ethernet
 * device and talks to it only through the inline wrappers below, which
 * check their arguments and return -ENOSYS for an operation the driver
 * lacks.
 *
 * Receive model: the driver's ISR queues received frames in the driver
 * (its own ring or the device's FIFO) and calls the receive callback
 * installed with eth_set_rx_callback() to say "frames are ready". The
 * callback runs in ISR context and must only wake a thread (give a
 * semaphore); that thread then calls eth_recv() until it returns -EAGAIN.
 * No allocation and no copy into the stack's buffers happens in the ISR.
 *
 * Transmit model: eth_send() copies one frame into the device (or the
 * driver's TX ring) and returns; the caller's buffer is free again on
 * return.
 *
 * Errors are counted, never fatal: a frame that is too short, too long,
 * or arrives while the driver's receive ring is full is dropped and
 * counted in struct eth_stats.
 *
 * Drivers by board: LAN9118 (mps2_an385, smsc,lan9118), virtio-net over
 * virtio-mmio (qemu_rv32, kestrel,virtio-net-mmio), and on native_sim an
 * Ethernet device with host backends (kestrel,native-eth: libslirp by
 * default; raw frames over a host UDP socket with --eth-frames; a host TAP
 * interface with --eth-tap).
 */
#ifndef KESTREL_DRIVERS_ETHERNET_H
#define KESTREL_DRIVERS_ETHERNET_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/device.h>

/** Bytes of a MAC address. */
#define ETH_ADDR_LEN 6
/** Ethernet header: destination, source, EtherType. */
#define ETH_HDR_LEN 14
/** Smallest frame eth_send() takes (a bare header; the device pads). */
#define ETH_FRAME_MIN ETH_HDR_LEN
/** Largest untagged frame without FCS: 14 + 1500. */
#define ETH_FRAME_MAX 1514

/** Counters kept by every Ethernet driver; they only grow. */
struct eth_stats {
	uint32_t rx_frames;   /**< frames handed to eth_recv() callers */
	uint32_t rx_bytes;    /**< bytes of those frames */
	uint32_t rx_dropped;  /**< frames dropped: ring full or buffer small */
	uint32_t rx_errors;   /**< frames the device reported bad (length,
			       *   CRC) or the driver found malformed */
	uint32_t tx_frames;   /**< frames accepted by eth_send() */
	uint32_t tx_bytes;    /**< bytes of those frames */
	uint32_t tx_errors;   /**< frames the device failed to send */
};

/**
 * Receive notification: frames are waiting in the driver.
 * Called from the driver's ISR (or, on native_sim, the simulated ISR).
 * May only do ISR-safe work: wake a thread.
 */
typedef void (*eth_rx_callback_t)(const struct device *dev, void *user_data);

struct eth_driver_api {
	/** Enable receive and transmit. 0 or negative errno. */
	int (*start)(const struct device *dev);
	/** Disable receive and transmit; queued RX frames are discarded. */
	int (*stop)(const struct device *dev);
	/** Copy one frame of @p len bytes (already checked against
	 *  ETH_FRAME_MIN/ETH_FRAME_MAX) to the device. 0 or negative errno. */
	int (*send)(const struct device *dev, const uint8_t *frame, size_t len);
	/** Copy the oldest received frame into @p buf (@p size bytes) and
	 *  remove it. Length of the frame, -EAGAIN when none is waiting,
	 *  -EMSGSIZE when it did not fit (the frame is dropped and counted). */
	int (*recv)(const struct device *dev, uint8_t *buf, size_t size);
	/** Install @p cb (NULL removes it). 0 or negative errno. */
	int (*set_rx_callback)(const struct device *dev, eth_rx_callback_t cb,
			       void *user_data);
	/** Copy the station MAC address into @p mac. */
	void (*get_mac)(const struct device *dev, uint8_t mac[ETH_ADDR_LEN]);
	/** true when the link (cable, host backend) is up. */
	bool (*link_is_up)(const struct device *dev);
	/** Copy the counters. */
	void (*get_stats)(const struct device *dev, struct eth_stats *stats);
};

static inline const struct eth_driver_api *eth_api_(const struct device *dev)
{
	return dev == NULL ? NULL : (const struct eth_driver_api *)dev->api;
}

/**
 * Enable the device: from now on frames are received and may be sent.
 * @retval 0 started (also when it already was)
 * @retval -EINVAL NULL device
 * @retval -EIO the device did not come up (reset or PHY failure)
 * @retval -ENOSYS the driver has no such operation
 * Thread context.
 */
static inline int eth_start(const struct device *dev)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL) {
		return -EINVAL;
	}
	return api->start == NULL ? -ENOSYS : api->start(dev);
}

/**
 * Disable the device; frames waiting in the driver are discarded.
 * @retval 0 stopped (also when it already was)
 * @retval -EINVAL NULL device
 * @retval -ENOSYS the driver has no such operation
 * Thread context.
 */
static inline int eth_stop(const struct device *dev)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL) {
		return -EINVAL;
	}
	return api->stop == NULL ? -ENOSYS : api->stop(dev);
}

/**
 * Send one frame: @p len bytes from the destination MAC to the end of the
 * payload (no FCS; frames below 60 bytes are padded by the device).
 * @retval 0 the frame was copied to the device; @p frame is free again
 * @retval -EINVAL NULL device or frame, or @p len outside
 *         ETH_FRAME_MIN .. ETH_FRAME_MAX
 * @retval -ENETDOWN the device is stopped
 * @retval -EAGAIN no room in the device's TX path now; try again
 * @retval -ENOSYS the driver has no such operation
 * Thread context.
 */
static inline int eth_send(const struct device *dev, const uint8_t *frame,
			   size_t len)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL || frame == NULL || len < ETH_FRAME_MIN ||
	    len > ETH_FRAME_MAX) {
		return -EINVAL;
	}
	return api->send == NULL ? -ENOSYS : api->send(dev, frame, len);
}

/**
 * Take the oldest received frame.
 * @return its length in bytes (ETH_FRAME_MIN .. ETH_FRAME_MAX), copied to
 *         @p buf
 * @retval -EAGAIN no frame is waiting
 * @retval -EMSGSIZE the frame is longer than @p size: it is dropped and
 *         counted in rx_dropped (pass ETH_FRAME_MAX bytes to never see it)
 * @retval -EINVAL NULL device or buffer, or @p size is 0
 * @retval -ENETDOWN the device is stopped
 * @retval -ENOSYS the driver has no such operation
 * Thread context (one receiving thread per device).
 */
static inline int eth_recv(const struct device *dev, uint8_t *buf,
			   size_t size)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL || buf == NULL || size == 0) {
		return -EINVAL;
	}
	return api->recv == NULL ? -ENOSYS : api->recv(dev, buf, size);
}

/**
 * Install the receive notification (see the receive model above); NULL
 * removes it. Frames that arrive with no callback stay queued (or are
 * dropped and counted when the ring is full).
 * @retval 0 installed
 * @retval -EINVAL NULL device
 * @retval -ENOSYS the driver has no such operation
 * Thread context.
 */
static inline int eth_set_rx_callback(const struct device *dev,
				      eth_rx_callback_t cb, void *user_data)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL) {
		return -EINVAL;
	}
	return api->set_rx_callback == NULL ?
		       -ENOSYS : api->set_rx_callback(dev, cb, user_data);
}

/**
 * Copy the station MAC address (from the devicetree's local-mac-address,
 * or the device's own) into @p mac.
 * @retval 0 copied
 * @retval -EINVAL NULL device or @p mac
 * @retval -ENOSYS the driver has no such operation
 * ISR: ok; thread: ok.
 */
static inline int eth_get_mac(const struct device *dev,
			      uint8_t mac[ETH_ADDR_LEN])
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL || mac == NULL) {
		return -EINVAL;
	}
	if (api->get_mac == NULL) {
		return -ENOSYS;
	}
	api->get_mac(dev, mac);
	return 0;
}

/**
 * Link state.
 * @retval 1 link up
 * @retval 0 link down (or the device is stopped)
 * @retval -EINVAL NULL device
 * @retval -ENOSYS the driver has no such operation
 * ISR: ok; thread: ok.
 */
static inline int eth_link_is_up(const struct device *dev)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL) {
		return -EINVAL;
	}
	if (api->link_is_up == NULL) {
		return -ENOSYS;
	}
	return api->link_is_up(dev) ? 1 : 0;
}

/**
 * Copy the device's counters into @p stats.
 * @retval 0 copied
 * @retval -EINVAL NULL device or @p stats
 * @retval -ENOSYS the driver has no such operation
 * ISR: ok; thread: ok.
 */
static inline int eth_get_stats(const struct device *dev,
				struct eth_stats *stats)
{
	const struct eth_driver_api *api = eth_api_(dev);

	if (api == NULL || stats == NULL) {
		return -EINVAL;
	}
	if (api->get_stats == NULL) {
		return -ENOSYS;
	}
	api->get_stats(dev, stats);
	return 0;
}

/**
 * native_sim only (CONFIG_ETH_NATIVE): plug in (@p up true) or pull the
 * cable of a native_sim Ethernet device, for tests of link changes.
 * Unplugged, eth_link_is_up() is 0 and frames in either direction are
 * lost (sent ones counted in tx_errors).
 * @retval 0 done
 * @retval -EINVAL @p dev is not a kestrel,native-eth device
 * Thread or ISR.
 */
int eth_native_link_set(const struct device *dev, bool up);

#endif /* KESTREL_DRIVERS_ETHERNET_H */
