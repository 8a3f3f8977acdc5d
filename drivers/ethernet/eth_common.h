/*
 * State and operations every Ethernet driver shares (private to
 * drivers/ethernet). A driver's data struct starts with a struct
 * eth_common, so the shared operations below can go straight into its
 * struct eth_driver_api.
 */
#ifndef KESTREL_ETH_COMMON_H
#define KESTREL_ETH_COMMON_H

#include <stdbool.h>
#include <string.h>

#include <kestrel/device.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/irq.h>
#include <kestrel/kernel.h>

struct eth_common {
	uint8_t mac[ETH_ADDR_LEN];  /**< station address in use */
	volatile bool started;      /**< between eth_start() and eth_stop() */
	eth_rx_callback_t rx_cb;
	void *rx_user_data;
	struct eth_stats stats;     /**< written by the receiving/sending thread */
};

static inline struct eth_common *eth_common(const struct device *dev)
{
	return (struct eth_common *)dev->data;
}

/** true unless @p mac is all zero (no local-mac-address in the node). */
static inline bool eth_mac_is_set(const uint8_t mac[ETH_ADDR_LEN])
{
	static const uint8_t none[ETH_ADDR_LEN];

	return memcmp(mac, none, ETH_ADDR_LEN) != 0;
}

/** ISR: tell the receiving side that frames are waiting. */
static inline void eth_common_notify_rx(const struct device *dev)
{
	struct eth_common *c = eth_common(dev);
	eth_rx_callback_t cb = c->rx_cb;

	if (cb != NULL) {
		cb(dev, c->rx_user_data);
	}
}

static inline int eth_common_set_rx_callback(const struct device *dev,
					     eth_rx_callback_t cb,
					     void *user_data)
{
	struct eth_common *c = eth_common(dev);
	unsigned int key = irq_lock();

	c->rx_cb = cb;
	c->rx_user_data = user_data;
	irq_unlock(key);
	return 0;
}

static inline void eth_common_get_mac(const struct device *dev,
				      uint8_t mac[ETH_ADDR_LEN])
{
	memcpy(mac, eth_common(dev)->mac, ETH_ADDR_LEN);
}

static inline void eth_common_get_stats(const struct device *dev,
					struct eth_stats *stats)
{
	unsigned int key = irq_lock();

	*stats = eth_common(dev)->stats;
	irq_unlock(key);
}

#endif
