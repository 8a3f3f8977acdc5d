/*
 * Ethernet driver test on the board's "eth0", raw frames against QEMU's
 * user-mode network (slirp: gateway 10.0.2.2 answers ARP, its DHCP server
 * offers 10.0.2.15). Checks the MAC address from the devicetree, the link,
 * an ARP and a DHCP exchange field by field, the receive callback's ISR
 * context, argument errors, a too-small receive buffer, stop/start, and
 * the counters; after each error the driver must still exchange frames.
 */
#include <string.h>

#include <kestrel/drivers/ethernet.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#include "frames.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define GATEWAY_IP IP(10, 0, 2, 2)
#define GUEST_IP IP(10, 0, 2, 15)
#define WAIT_SLICE K_MSEC(100)
#define WAIT_SLICES 50 /* 5 s for an answer from the host side */

/* app.overlay sets this local-mac-address */
static const uint8_t TEST_MAC[ETH_ADDR_LEN] = { 0x02, 0x4b, 0x54, 0, 0, 1 };
/* slirp answers for 10.0.2.2 from 52:55 followed by the address */
static const uint8_t GATEWAY_MAC[ETH_ADDR_LEN] = { 0x52, 0x55, 10, 0, 2, 2 };

static const struct device *eth;
static K_SEM_DEFINE(rx_sem, 0, 1);
static volatile uint32_t cb_calls, cb_outside_isr;
static const struct device *volatile cb_dev;
static void *volatile cb_user;
static int cb_token; /* the callback's user_data */
static uint8_t frame[ETH_FRAME_MAX];
static uint8_t rx[ETH_FRAME_MAX];
static uint32_t xid = 0x4b540000;

static void on_rx(const struct device *dev, void *user_data)
{
	cb_calls++;
	cb_outside_isr += !k_is_in_isr();
	cb_dev = dev;
	cb_user = user_data;
	(void)k_sem_give(&rx_sem);
}

/* Take every waiting frame (leaves the receive interrupt armed). */
static void drain(void)
{
	while (eth_recv(eth, rx, sizeof(rx)) >= 0) {
	}
	k_sem_reset(&rx_sem);
}

typedef bool (*match_fn)(const uint8_t *f, size_t len, uint32_t arg);

/* Receive until a frame matches; its length, or 0 after WAIT_SLICES. */
static int wait_for(match_fn match, uint32_t arg)
{
	for (int slice = 0; slice < WAIT_SLICES; slice++) {
		int len;

		while ((len = eth_recv(eth, rx, sizeof(rx))) != -EAGAIN) {
			kt_assert(len > 0, "eth_recv: %d", len);
			if (match(rx, (size_t)len, arg)) {
				return len;
			}
		}
		(void)k_sem_take(&rx_sem, WAIT_SLICE);
	}
	return 0;
}

static int arp_exchange(void)
{
	size_t n = frame_arp_request(frame, TEST_MAC, GUEST_IP, GATEWAY_IP);

	kt_assert_eq(eth_send(eth, frame, n), 0);
	return wait_for(frame_is_arp_reply_from, GATEWAY_IP);
}

static void *setup(void)
{
	eth = device_get_binding("eth0");
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	kt_assert_not_null(eth);
	kt_assert_eq(eth_start(eth), 0);
	kt_assert_eq(eth_set_rx_callback(eth, on_rx, &cb_token), 0);
	drain();
}

KTEST_SUITE(ethernet, setup, before, NULL, NULL);

KTEST(ethernet, device_is_ready)
{
	kt_assert_true(device_is_ready(eth));
}

KTEST(ethernet, mac_address_is_the_devicetree_one)
{
	uint8_t mac[ETH_ADDR_LEN];

	kt_assert_eq(eth_get_mac(eth, mac), 0);
	kt_assert_mem_eq(mac, TEST_MAC, ETH_ADDR_LEN);
}

KTEST(ethernet, link_is_up_once_started)
{
	kt_assert_eq(eth_link_is_up(eth), 1);
}

KTEST(ethernet, arp_request_for_gateway_gets_reply)
{
	int len = arp_exchange();
	const uint8_t *a = rx + ETH_HDR_LEN;

	kt_assert_ge(len, ARP_FRAME_LEN);
	kt_assert_mem_eq(rx, TEST_MAC, ETH_ADDR_LEN);          /* to us */
	kt_assert_mem_eq(rx + 6, GATEWAY_MAC, ETH_ADDR_LEN);   /* from it */
	kt_assert_eq(get16(rx + 12), ETHERTYPE_ARP);
	kt_assert_eq(get16(a), 1);                             /* Ethernet */
	kt_assert_eq(get16(a + 2), ETHERTYPE_IPV4);
	kt_assert_eq(a[4], ETH_ADDR_LEN);
	kt_assert_eq(a[5], 4);
	kt_assert_eq(get16(a + 6), 2);                         /* reply */
	kt_assert_mem_eq(a + 8, GATEWAY_MAC, ETH_ADDR_LEN);    /* sender */
	kt_assert_eq(get32(a + 14), GATEWAY_IP);
	kt_assert_mem_eq(a + 18, TEST_MAC, ETH_ADDR_LEN);      /* target */
	kt_assert_eq(get32(a + 24), GUEST_IP);
}

static bool is_offer(const uint8_t *f, size_t len, uint32_t id)
{
	return frame_is_bootp_reply(f, len, id);
}

KTEST(ethernet, dhcp_discover_gets_offer_of_10_0_2_15)
{
	size_t n = frame_dhcp_discover(frame, TEST_MAC, ++xid);

	kt_assert_eq(eth_send(eth, frame, n), 0);
	int len = wait_for(is_offer, xid);

	kt_assert_gt(len, 0);
	kt_assert_eq(get16(rx + OFF_IP + 2), len - ETH_HDR_LEN);
	kt_assert_eq(frame_inet_checksum(rx + OFF_IP, 20, 0), 0);
	kt_assert_eq(get32(rx + OFF_IP + 12), GATEWAY_IP);
	kt_assert_eq(get32(rx + OFF_YIADDR), GUEST_IP);
	kt_assert_mem_eq(rx + OFF_CHADDR, TEST_MAC, ETH_ADDR_LEN);
	kt_assert_eq(get32(rx + OFF_OPTS - 4), 0x63825363);
	kt_assert_eq(frame_dhcp_option(rx, (size_t)len, 53), 2); /* OFFER */
	kt_assert_eq(frame_dhcp_option(rx, (size_t)len, 54), 10); /* server */
}

KTEST(ethernet, rx_callback_runs_in_isr_with_its_arguments)
{
	uint32_t calls = cb_calls;

	kt_assert_gt(arp_exchange(), 0);
	kt_assert_gt(cb_calls, calls);
	kt_assert_eq(cb_outside_isr, 0);
	kt_assert_ptr_eq(cb_dev, eth);
	kt_assert_ptr_eq(cb_user, (void *)&cb_token);
}

KTEST(ethernet, bad_arguments_return_einval)
{
	uint8_t mac[ETH_ADDR_LEN];
	struct eth_stats st;

	kt_assert_eq(eth_send(NULL, frame, ARP_FRAME_LEN), -EINVAL);
	kt_assert_eq(eth_send(eth, NULL, ARP_FRAME_LEN), -EINVAL);
	kt_assert_eq(eth_send(eth, frame, ETH_FRAME_MIN - 1), -EINVAL);
	kt_assert_eq(eth_send(eth, frame, ETH_FRAME_MAX + 1), -EINVAL);
	kt_assert_eq(eth_send(eth, frame, 0), -EINVAL);
	kt_assert_eq(eth_recv(NULL, rx, sizeof(rx)), -EINVAL);
	kt_assert_eq(eth_recv(eth, NULL, sizeof(rx)), -EINVAL);
	kt_assert_eq(eth_recv(eth, rx, 0), -EINVAL);
	kt_assert_eq(eth_start(NULL), -EINVAL);
	kt_assert_eq(eth_stop(NULL), -EINVAL);
	kt_assert_eq(eth_set_rx_callback(NULL, on_rx, NULL), -EINVAL);
	kt_assert_eq(eth_get_mac(NULL, mac), -EINVAL);
	kt_assert_eq(eth_get_mac(eth, NULL), -EINVAL);
	kt_assert_eq(eth_link_is_up(NULL), -EINVAL);
	kt_assert_eq(eth_get_stats(NULL, &st), -EINVAL);
	kt_assert_eq(eth_get_stats(eth, NULL), -EINVAL);
	kt_assert_gt(arp_exchange(), 0); /* still works */
}

KTEST(ethernet, largest_frame_is_sent)
{
	struct eth_stats a, b;
	size_t n = frame_arp_request(frame, TEST_MAC, GUEST_IP, GATEWAY_IP);

	memset(frame + n, 0, ETH_FRAME_MAX - n); /* ARP with trailing pad */
	kt_assert_eq(eth_get_stats(eth, &a), 0);
	kt_assert_eq(eth_send(eth, frame, ETH_FRAME_MAX), 0);
	kt_assert_gt(wait_for(frame_is_arp_reply_from, GATEWAY_IP), 0);
	kt_assert_eq(eth_get_stats(eth, &b), 0);
	kt_assert_eq(b.tx_frames, a.tx_frames + 1);
	kt_assert_eq(b.tx_bytes, a.tx_bytes + ETH_FRAME_MAX);
}

KTEST(ethernet, small_buffer_gives_emsgsize_and_counts_a_drop)
{
	struct eth_stats a, b;
	size_t n = frame_arp_request(frame, TEST_MAC, GUEST_IP, GATEWAY_IP);

	kt_assert_eq(eth_get_stats(eth, &a), 0);
	kt_assert_eq(eth_send(eth, frame, n), 0);
	int ret = -EAGAIN;

	for (int i = 0; i < WAIT_SLICES && ret == -EAGAIN; i++) {
		ret = eth_recv(eth, rx, ARP_FRAME_LEN - 1);
		if (ret == -EAGAIN) {
			(void)k_sem_take(&rx_sem, WAIT_SLICE);
		}
	}
	kt_assert_eq(ret, -EMSGSIZE);
	kt_assert_eq(eth_get_stats(eth, &b), 0);
	kt_assert_eq(b.rx_dropped, a.rx_dropped + 1);
	kt_assert_eq(b.rx_frames, a.rx_frames);
	drain();
	kt_assert_gt(arp_exchange(), 0); /* still works */
}

KTEST(ethernet, stopped_device_is_down_and_restarts)
{
	kt_assert_eq(eth_stop(eth), 0);
	kt_assert_eq(eth_stop(eth), 0);
	kt_assert_eq(eth_link_is_up(eth), 0);
	kt_assert_eq(eth_send(eth, frame, ARP_FRAME_LEN), -ENETDOWN);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), -ENETDOWN);
	kt_assert_eq(eth_start(eth), 0);
	kt_assert_eq(eth_start(eth), 0);
	kt_assert_eq(eth_link_is_up(eth), 1);
	kt_assert_gt(arp_exchange(), 0);
}

KTEST(ethernet, counters_follow_an_exchange)
{
	struct eth_stats a, b;

	kt_assert_eq(eth_get_stats(eth, &a), 0);
	int len = arp_exchange();

	kt_assert_gt(len, 0);
	kt_assert_eq(eth_get_stats(eth, &b), 0);
	kt_assert_eq(b.tx_frames, a.tx_frames + 1);
	kt_assert_eq(b.tx_bytes, a.tx_bytes + ARP_FRAME_LEN);
	kt_assert_ge(b.rx_frames, a.rx_frames + 1);
	kt_assert_ge(b.rx_bytes, a.rx_bytes + (uint32_t)len);
	kt_assert_eq(b.rx_errors, a.rx_errors);
	kt_assert_eq(b.tx_errors, a.tx_errors);
	kt_assert_eq(b.rx_dropped, a.rx_dropped);
}

KTEST(ethernet, frames_queue_without_a_callback)
{
	size_t n = frame_arp_request(frame, TEST_MAC, GUEST_IP, GATEWAY_IP);

	kt_assert_eq(eth_set_rx_callback(eth, NULL, NULL), 0);
	uint32_t calls = cb_calls;

	kt_assert_eq(eth_send(eth, frame, n), 0);
	bool got = false;

	for (int i = 0; i < WAIT_SLICES && !got; i++) {
		int len;

		k_sleep(WAIT_SLICE);
		while (!got && (len = eth_recv(eth, rx, sizeof(rx))) > 0) {
			got = frame_is_arp_reply_from(rx, (size_t)len,
						      GATEWAY_IP);
		}
	}
	kt_assert_true(got);
	kt_assert_eq(cb_calls, calls);
}
