/*
 * One lwIP netif per Ethernet device (include/kestrel/drivers/ethernet.h).
 *
 * Receive: the driver's ISR callback gives the interface's semaphore; the
 * interface's receive thread then takes frames with eth_recv() straight
 * into pool pbufs (PBUF_POOL_BUFSIZE holds a whole frame) and hands each
 * to the tcpip thread (tcpip_input). With no pbuf free the frame is still
 * taken from the driver (into a 1-byte buffer: the driver drops it and
 * counts it), so the driver never stalls.
 *
 * Transmit: linkoutput runs with the core lock held; a chained pbuf is
 * linearised into the interface's tx_buf, then eth_send() copies it out.
 *
 * Link: the driver API has no link-change notification, so the link state
 * is polled every NET_ETH_LINK_POLL_MS from an lwIP timeout.
 */
#include <string.h>

#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "../net_priv.h"

#define NET_ETH_LINK_POLL_MS 500
#define NET_ETH_TX_RETRIES 10

static void rx_ready_isr(const struct device *dev, void *user_data)
{
	struct net_if *iface = user_data;

	(void)dev;
	(void)k_sem_give(&iface->rx_sem);
}

/* Take one frame from the driver. 1: a frame was handled, 0: none left. */
static int rx_one(struct net_if *iface)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, ETH_FRAME_MAX, PBUF_POOL);
	uint8_t none;
	int len;

	if (p == NULL) {
		/* No buffer: a 1-byte one makes the driver drop the frame
		 * (-EMSGSIZE, counted in its rx_dropped), so it never stalls. */
		len = eth_recv(iface->dev, &none, sizeof(none));
		if (len == -EMSGSIZE || len >= 0) {
			iface->rx_nobuf++;
			LINK_STATS_INC(link.memerr);
			LINK_STATS_INC(link.drop);
			return 1;
		}
		return 0;
	}
	LWIP_ASSERT("pool pbuf holds a frame", p->next == NULL);
	len = eth_recv(iface->dev, p->payload, p->len);
	if (len < 0) {
		pbuf_free(p);
		return len == -EMSGSIZE ? 1 : 0;
	}
	pbuf_realloc(p, (u16_t)len);
	LINK_STATS_INC(link.recv);
	if (iface->netif.input(p, &iface->netif) != ERR_OK) {
		LINK_STATS_INC(link.drop);
		pbuf_free(p);
	}
	return 1;
}

static void rx_thread(void *p1, void *p2, void *p3)
{
	struct net_if *iface = p1;

	(void)p2;
	(void)p3;
	for (;;) {
		(void)k_sem_take(&iface->rx_sem, K_FOREVER);
		while (rx_one(iface) > 0) {
		}
	}
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
	struct net_if *iface = net_if_of(netif);
	const uint8_t *frame = p->payload;
	int ret;

	if (p->tot_len > sizeof(iface->tx_buf)) {
		LINK_STATS_INC(link.lenerr);
		return ERR_BUF;
	}
	if (p->next != NULL) {
		(void)pbuf_copy_partial(p, iface->tx_buf, p->tot_len, 0);
		frame = iface->tx_buf;
	}
	for (int i = 0; i < NET_ETH_TX_RETRIES; i++) {
		ret = eth_send(iface->dev, frame, p->tot_len);
		if (ret != -EAGAIN) {
			break;
		}
		k_msleep(1);
	}
	if (ret != 0) {
		LINK_STATS_INC(link.err);
		return ret == -ENETDOWN ? ERR_IF : ERR_BUF;
	}
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

static err_t netif_init_eth(struct netif *netif)
{
	struct net_if *iface = net_if_of(netif);
	uint8_t mac[ETH_ADDR_LEN];

	if (eth_get_mac(iface->dev, mac) != 0) {
		return ERR_IF;
	}
	netif->name[0] = 'e';
	netif->name[1] = 'n';
	memcpy(netif->hwaddr, mac, ETH_ADDR_LEN);
	netif->hwaddr_len = ETH_ADDR_LEN;
	netif->mtu = ETH_FRAME_MAX - ETH_HDR_LEN;
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		       NETIF_FLAG_ETHERNET;
#if LWIP_IPV4
	netif->output = etharp_output;
#endif
#if LWIP_IPV6
	netif->output_ip6 = ethip6_output;
	netif->flags |= NETIF_FLAG_MLD6;
#endif
	netif->linkoutput = linkoutput;
	return ERR_OK;
}

int net_eth_if_add(struct net_if *iface, const struct device *dev,
		   k_thread_stack_t *rx_stack, size_t rx_stack_size)
{
	int ret;

	iface->dev = dev;
	(void)k_sem_init(&iface->rx_sem, 0, 1);
	(void)k_sem_init(&iface->addr_sem, 0, 1);
	if (netif_add_noaddr(&iface->netif, iface, netif_init_eth,
			     tcpip_input) == NULL) {
		return -EIO;
	}
	ret = k_thread_create(&iface->rx_thread, rx_stack, rx_stack_size,
			      rx_thread, iface, NULL, NULL,
			      CONFIG_NET_RX_PRIORITY, 0, K_NO_WAIT);
	if (ret != 0) {
		return ret;
	}
	(void)k_thread_name_set(&iface->rx_thread, "net_rx");
	return eth_set_rx_callback(dev, rx_ready_isr, iface);
}

static void link_poll(void *arg)
{
	struct net_if *iface = arg;
	bool link = iface->up && eth_link_is_up(iface->dev) == 1;

	if (link && !netif_is_link_up(&iface->netif)) {
		netif_set_link_up(&iface->netif);
	} else if (!link && netif_is_link_up(&iface->netif)) {
		netif_set_link_down(&iface->netif);
	}
	if (iface->up) {
		sys_timeout(NET_ETH_LINK_POLL_MS, link_poll, iface);
	}
}

void net_eth_link_watch(struct net_if *iface)
{
	sys_untimeout(link_poll, iface);
	link_poll(iface);
}
