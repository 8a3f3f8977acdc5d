/*
 * One lwIP netif per Ethernet device (include/kestrel/drivers/ethernet.h).
 *
 * Receive: the driver's ISR callback gives the interface's semaphore; the
 * interface's receive thread then takes frames with eth_recv() straight
 * into pool pbufs (PBUF_POOL_BUFSIZE holds a whole frame) and hands each
 * to the tcpip thread (tcpip_inpkt), where eth_input() counts it and
 * passes it to lwIP. With no pbuf free the frame is still taken from the
 * driver (into a 1-byte buffer: the driver drops it and counts it), so the
 * driver never stalls. With CONFIG_NET_TEST_INJECT the thread takes a
 * frame of net_inject_rx() first, in place of an eth_recv() (rx_take()).
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
#include <kestrel/net/net_inject.h>

#include "lwip/etharp.h"
#include "lwip/prot/etharp.h"
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

/*
 * lwIP 2.2.1's etharp_input() reads a whole ARP header without checking
 * the length: a shorter ARP packet would be parsed from whatever the pool
 * buffer held before. Such a packet is dropped here, counted as lwIP
 * counts a frame too short for its Ethernet header's next one.
 */
static bool arp_too_short(const struct pbuf *p)
{
	const struct eth_hdr *eh = p->payload;

	return IS_ENABLED(CONFIG_NET_IPV4) && p->len >= SIZEOF_ETH_HDR &&
	       eh->type == PP_HTONS(ETHTYPE_ARP) &&
	       p->tot_len < SIZEOF_ETH_HDR + SIZEOF_ETHARP_HDR;
}

/* A received frame, in the tcpip thread (core lock held). */
static err_t eth_input(struct pbuf *p, struct netif *netif)
{
	LINK_STATS_INC(link.recv);
	if (arp_too_short(p)) {
		ETHARP_STATS_INC(etharp.lenerr);
		ETHARP_STATS_INC(etharp.drop);
		pbuf_free(p);
		return ERR_OK;
	}
	return ethernet_input(p, netif);
}

/* netif->input: from the receive thread to the tcpip thread. */
static err_t rx_to_tcpip(struct pbuf *p, struct netif *netif)
{
	return tcpip_inpkt(p, netif, eth_input);
}

/* A frame dropped before the stack saw it (receive thread). */
static void rx_count_drop(struct net_if *iface, bool nobuf)
{
	LOCK_TCPIP_CORE();
	if (nobuf) {
		iface->rx_nobuf++;
		LINK_STATS_INC(link.memerr);
	}
	LINK_STATS_INC(link.drop);
	UNLOCK_TCPIP_CORE();
}

#if defined(CONFIG_NET_TEST_INJECT)
/* The frame net_inject_rx() left for this thread, else the driver's. */
static int rx_take(struct net_if *iface, uint8_t *buf, size_t size)
{
	struct net_eth_inject *inj = &iface->inject;
	unsigned int key = irq_lock();
	const uint8_t *frame = inj->frame;

	inj->frame = NULL;
	irq_unlock(key);
	if (frame == NULL) {
		return eth_recv(iface->dev, buf, size);
	}
	inj->taken = true;
	if (inj->len > size) {
		return -EMSGSIZE; /* dropped as a driver drops it */
	}
	memcpy(buf, frame, inj->len);
	return (int)inj->len;
}

/* After the frame rx_take() gave went to the stack or was @p dropped. */
static void rx_taken(struct net_if *iface, bool dropped)
{
	if (iface->inject.taken) {
		iface->inject.taken = false;
		if (dropped) {
			iface->inject.result = -ENOBUFS;
		}
		(void)k_sem_give(&iface->inject.done);
	}
}

static void inject_init(struct net_if *iface)
{
	(void)k_sem_init(&iface->inject.done, 0, 1);
}

static K_MUTEX_DEFINE(inject_mutex);
static K_SEM_DEFINE(inject_flushed, 0, 1);

static void inject_flush(void *arg)
{
	(void)k_sem_give(arg);
}

/* Hand @p frame to the receive thread and wait until it went on. */
static int inject_handoff(struct net_if *iface, const uint8_t *frame,
			  size_t len)
{
	struct net_eth_inject *inj = &iface->inject;
	unsigned int key;

	(void)k_sem_reset(&inj->done);
	inj->len = len;
	inj->result = 0;
	key = irq_lock();
	inj->frame = frame;
	irq_unlock(key);
	(void)k_sem_give(&iface->rx_sem);
	(void)k_sem_take(&inj->done, K_FOREVER);
	return inj->result;
}

int net_inject_rx(struct net_if *iface, const void *frame, size_t len)
{
	int ret;

	if (iface == NULL || frame == NULL || len == 0 || len > ETH_FRAME_MAX) {
		return -EINVAL;
	}
	(void)k_mutex_lock(&inject_mutex, K_FOREVER);
	ret = iface->up ? inject_handoff(iface, frame, len) : -ENETDOWN;
	if (ret == 0) {
		/* The tcpip mailbox is FIFO: once this runs, the frame's
		 * message (posted before it) has been handled. */
		(void)k_sem_reset(&inject_flushed);
		if (tcpip_callback(inject_flush, &inject_flushed) != ERR_OK) {
			ret = -ENOMEM;
		} else {
			(void)k_sem_take(&inject_flushed, K_FOREVER);
		}
	}
	(void)k_mutex_unlock(&inject_mutex);
	return ret;
}
#else
static int rx_take(struct net_if *iface, uint8_t *buf, size_t size)
{
	return eth_recv(iface->dev, buf, size);
}

static void rx_taken(struct net_if *iface, bool dropped)
{
	(void)iface;
	(void)dropped;
}

static void inject_init(struct net_if *iface)
{
	(void)iface;
}
#endif

/* With no pbuf free: a 1-byte buffer makes the driver drop the frame
 * (-EMSGSIZE, counted in its rx_dropped), so it never stalls. */
static int rx_nobuf(struct net_if *iface)
{
	uint8_t none;
	int len = rx_take(iface, &none, sizeof(none));

	if (len == -EMSGSIZE || len >= 0) {
		rx_count_drop(iface, true);
		rx_taken(iface, true);
		return 1;
	}
	return 0;
}

/* Take one frame from the driver. 1: a frame was handled, 0: none left. */
static int rx_one(struct net_if *iface)
{
	struct pbuf *p = pbuf_alloc(PBUF_RAW, ETH_FRAME_MAX, PBUF_POOL);
	int len;

	if (p == NULL) {
		return rx_nobuf(iface);
	}
	LWIP_ASSERT("pool pbuf holds a frame", p->next == NULL);
	len = rx_take(iface, p->payload, p->len);
	if (len < 0) {
		pbuf_free(p);
		return len == -EMSGSIZE ? 1 : 0;
	}
	pbuf_realloc(p, (u16_t)len);
	bool dropped = iface->netif.input(p, &iface->netif) != ERR_OK;

	if (dropped) {
		rx_count_drop(iface, false);
		pbuf_free(p);
	}
	rx_taken(iface, dropped);
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
	inject_init(iface);
#if LWIP_IPV6
	(void)k_sem_init(&iface->addr6_sem, 0, 1);
#endif
	if (netif_add_noaddr(&iface->netif, iface, netif_init_eth,
			     rx_to_tcpip) == NULL) {
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
