/*
 * virtio-net over modern virtio-mmio (see eth_virtio_net.h and the virtio
 * 1.0 specification, 5.1 "Network Device"); the transport is
 * drivers/virtio/virtio_mmio.c.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "eth_virtio_net.h"

#define VIRTIO_NET_F_MAC    (1u << 5)
#define VIRTIO_NET_F_STATUS (1u << 16)
#define VIRTIO_NET_S_LINK_UP 1u
/* device configuration: mac[6], then status (le16) */
#define CFG_MAC    0
#define CFG_STATUS 6

#define RXQ_INDEX 0
#define TXQ_INDEX 1
/* eth_send() waits this long for a transmit buffer before -EAGAIN */
#define TX_WAIT_SLICE K_MSEC(1)
#define TX_WAIT_SLICES 10

_Static_assert(offsetof(struct eth_virtio_net_data, common) == 0,
	       "struct eth_common must come first (eth_common.h)");
_Static_assert((VIRTIO_NET_RXQ & (VIRTIO_NET_RXQ - 1)) == 0,
	       "CONFIG_ETH_VIRTIO_NET_RX_BUFFERS must be a power of 2");
_Static_assert((VIRTIO_NET_TXQ & (VIRTIO_NET_TXQ - 1)) == 0,
	       "CONFIG_ETH_VIRTIO_NET_TX_BUFFERS must be a power of 2");

static inline uintptr_t base_of(const struct device *dev)
{
	return ((const struct eth_virtio_net_config *)dev->config)->base;
}

static void virtio_net_isr(const void *arg)
{
	const struct device *dev = arg;
	struct eth_virtio_net_data *d = dev->data;
	uint32_t status = virtio_mmio_ack_irq(base_of(dev));

	if ((status & VIRTIO_MMIO_INT_VRING) && d->common.started &&
	    virtq_has_used(&d->rxq)) {
		eth_common_notify_rx(dev);
	}
}

/* Give receive buffer @p id (back) to the device. */
static void post_rx(const struct device *dev, uint16_t id)
{
	struct eth_virtio_net_data *d = dev->data;

	d->rxq.desc[id].addr = (uint64_t)(uintptr_t)d->rx_buf[id];
	d->rxq.desc[id].len = VIRTIO_NET_BUF_LEN;
	d->rxq.desc[id].flags = VIRTQ_DESC_F_WRITE;
	virtq_make_avail(&d->rxq, id);
}

static int setup_queues(const struct device *dev)
{
	struct eth_virtio_net_data *d = dev->data;
	uintptr_t base = base_of(dev);
	int ret;

	VIRTQ_INIT(&d->rxq, &d->rx_ring);
	VIRTQ_INIT(&d->txq, &d->tx_ring);
	virtq_disable_interrupts(&d->txq);
	ret = virtio_mmio_setup_queue(base, RXQ_INDEX, &d->rxq);
	if (ret == 0) {
		ret = virtio_mmio_setup_queue(base, TXQ_INDEX, &d->txq);
	}
	if (ret != 0) {
		return ret;
	}
	for (uint16_t i = 0; i < VIRTIO_NET_RXQ; i++) {
		post_rx(dev, i);
	}
	for (uint16_t i = 0; i < VIRTIO_NET_TXQ; i++) {
		d->tx_free[i] = i;
	}
	d->tx_nfree = VIRTIO_NET_TXQ;
	return 0;
}

static int virtio_net_start(const struct device *dev)
{
	struct eth_virtio_net_data *d = dev->data;
	uintptr_t base = base_of(dev);
	uint32_t features;

	if (d->common.started) {
		return 0;
	}
	if (virtio_mmio_negotiate(base, d->features, &features) != 0 ||
	    features != d->features || setup_queues(dev) != 0) {
		virtio_mmio_reset(base);
		return -EIO;
	}
	virtio_mmio_driver_ok(base);
	virtio_mmio_notify(base, RXQ_INDEX);
	d->common.started = true;
	return 0;
}

static int virtio_net_stop(const struct device *dev)
{
	struct eth_virtio_net_data *d = dev->data;

	(void)k_mutex_lock(&d->tx_lock, K_FOREVER);
	d->common.started = false;
	virtio_mmio_reset(base_of(dev)); /* the device drops every buffer */
	(void)k_mutex_unlock(&d->tx_lock);
	return 0;
}

/* Take back the transmit buffers the device has sent. tx_lock held. */
static void reclaim_tx(struct eth_virtio_net_data *d)
{
	uint32_t len;
	int id;

	while ((id = virtq_get_used(&d->txq, &len)) != -EAGAIN) {
		if (id >= 0 && d->tx_nfree < VIRTIO_NET_TXQ) {
			d->tx_free[d->tx_nfree++] = (uint16_t)id;
		} else {
			d->common.stats.tx_errors++;
		}
	}
}

/* A free transmit descriptor, waiting a little for one. tx_lock held. */
static int get_tx_slot(struct eth_virtio_net_data *d)
{
	for (int slice = 0;; slice++) {
		reclaim_tx(d);
		if (d->tx_nfree > 0) {
			return d->tx_free[--d->tx_nfree];
		}
		if (slice == TX_WAIT_SLICES) {
			return -EAGAIN;
		}
		k_sleep(TX_WAIT_SLICE);
	}
}

static int virtio_net_send(const struct device *dev, const uint8_t *frame,
			   size_t len)
{
	struct eth_virtio_net_data *d = dev->data;
	int id = -ENETDOWN;

	(void)k_mutex_lock(&d->tx_lock, K_FOREVER);
	if (d->common.started) {
		id = get_tx_slot(d);
	}
	if (id >= 0) {
		uint8_t *buf = d->tx_buf[id];

		memset(buf, 0, VIRTIO_NET_HDR_LEN);
		memcpy(buf + VIRTIO_NET_HDR_LEN, frame, len);
		d->txq.desc[id].addr = (uint64_t)(uintptr_t)buf;
		d->txq.desc[id].len = (uint32_t)(VIRTIO_NET_HDR_LEN + len);
		d->txq.desc[id].flags = 0;
		virtq_make_avail(&d->txq, (uint16_t)id);
		virtio_mmio_notify(base_of(dev), TXQ_INDEX);
		d->common.stats.tx_frames++;
		d->common.stats.tx_bytes += (uint32_t)len;
	}
	(void)k_mutex_unlock(&d->tx_lock);
	return id < 0 ? id : 0;
}

static int virtio_net_recv(const struct device *dev, uint8_t *buf, size_t size)
{
	struct eth_virtio_net_data *d = dev->data;
	uint32_t len;
	int id;

	if (!d->common.started) {
		return -ENETDOWN;
	}
	while ((id = virtq_get_used(&d->rxq, &len)) != -EAGAIN) {
		int ret = -EAGAIN;

		if (id < 0) {
			d->common.stats.rx_errors++; /* not a buffer of ours */
			continue;
		}
		size_t flen = len - VIRTIO_NET_HDR_LEN;

		if (len < VIRTIO_NET_HDR_LEN + ETH_FRAME_MIN ||
		    len > VIRTIO_NET_BUF_LEN) {
			d->common.stats.rx_errors++;
		} else if (flen > size) {
			d->common.stats.rx_dropped++;
			ret = -EMSGSIZE;
		} else {
			memcpy(buf, d->rx_buf[id] + VIRTIO_NET_HDR_LEN, flen);
			d->common.stats.rx_frames++;
			d->common.stats.rx_bytes += (uint32_t)flen;
			ret = (int)flen;
		}
		post_rx(dev, (uint16_t)id);
		virtio_mmio_notify(base_of(dev), RXQ_INDEX);
		if (ret != -EAGAIN) {
			return ret;
		}
	}
	return -EAGAIN;
}

static bool virtio_net_link_is_up(const struct device *dev)
{
	const struct eth_virtio_net_data *d = dev->data;

	if (!d->common.started) {
		return false;
	}
	return !(d->features & VIRTIO_NET_F_STATUS) ||
	       (virtio_mmio_config8(base_of(dev), CFG_STATUS) &
		VIRTIO_NET_S_LINK_UP);
}

const struct eth_driver_api eth_virtio_net_api = {
	.start = virtio_net_start,
	.stop = virtio_net_stop,
	.send = virtio_net_send,
	.recv = virtio_net_recv,
	.set_rx_callback = eth_common_set_rx_callback,
	.get_mac = eth_common_get_mac,
	.link_is_up = virtio_net_link_is_up,
	.get_stats = eth_common_get_stats,
};

/* The devicetree's local-mac-address, else the device's (F_MAC). */
static int setup_mac(const struct device *dev)
{
	const struct eth_virtio_net_config *cfg = dev->config;
	struct eth_virtio_net_data *d = dev->data;
	if (eth_mac_is_set(cfg->mac)) {
		memcpy(d->common.mac, cfg->mac, ETH_ADDR_LEN);
		return 0;
	}
	if (!(d->features & VIRTIO_NET_F_MAC)) {
		printk("%s: the device offers no MAC address: set "
		       "local-mac-address in the devicetree\n", dev->node_path);
		return -ENODEV;
	}
	for (uint32_t i = 0; i < ETH_ADDR_LEN; i++) {
		d->common.mac[i] = virtio_mmio_config8(cfg->base, CFG_MAC + i);
	}
	return 0;
}

int eth_virtio_net_init(const struct device *dev)
{
	const struct eth_virtio_net_config *cfg = dev->config;
	struct eth_virtio_net_data *d = dev->data;
	int ret = virtio_mmio_probe(cfg->base, VIRTIO_ID_NET, dev->node_path,
				    "virtio-net-device,netdev=...");

	if (ret != 0) {
		return ret;
	}
	ret = virtio_mmio_negotiate(cfg->base, VIRTIO_NET_F_MAC |
				    VIRTIO_NET_F_STATUS, &d->features);
	if (ret == 0) {
		ret = setup_mac(dev);
	}
	virtio_mmio_reset(cfg->base); /* eth_start() brings it up */
	if (ret != 0) {
		return ret;
	}
	d->common.started = false;
	(void)k_mutex_init(&d->tx_lock);
	ret = irq_connect_dynamic(cfg->irq, 2, virtio_net_isr, dev);
	if (ret == 0) {
		irq_enable(cfg->irq);
	}
	return ret;
}
