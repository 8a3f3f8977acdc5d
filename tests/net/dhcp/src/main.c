/*
 * DHCPv4 on the first interface against slirp (native_sim) or QEMU's user
 * networking: the device gets 10.0.2.15/24, router 10.0.2.2, DNS
 * 10.0.2.3; the events say so; taking the interface down removes the
 * address; the API refuses bad arguments and a down interface.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>

#include "net_test.h"

static uint32_t events_seen;
static struct net_if *dns_event_iface;

static void on_event(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)user_data;
	events_seen |= event;
	if (event == NET_EVENT_DNS_SERVERS_CHANGED) {
		dns_event_iface = iface;
	}
}

static struct net_event_handler handler = {
	.mask = NET_EVENT_ALL, .cb = on_event,
};

static int setup_ret = -EALREADY;  /* the hook's result, checked by a case */

static void *setup(void)
{
	setup_ret = net_event_handler_add(&handler);
	return NULL;
}

KTEST_SUITE(net_dhcp, setup, NULL, NULL, NULL);

/* Hooks must not assert (ktest.h): the suite's setup is checked here. */
KTEST(net_dhcp, event_handler_registered)
{
	kt_assert_eq(setup_ret, 0);
}

static void assert_addr(const struct net_ipv4_addr *got, uint8_t a, uint8_t b,
			uint8_t c, uint8_t d)
{
	struct net_ipv4_addr want = net_ipv4_addr(a, b, c, d);
	char text[NET_IPV4_ADDR_STRLEN];

	(void)net_ipv4_addr_to_str(got, text, sizeof(text));
	kt_assert(net_ipv4_addr_eq(got, &want), "got %s, want %u.%u.%u.%u",
		  text, a, b, c, d);
}

KTEST(net_dhcp, one_interface_per_ethernet_device)
{
	kt_assert_eq(net_if_count(), 1);
	kt_assert_not_null(net_if_get(0));
	kt_assert_null(net_if_get(1));
	kt_assert_null(net_if_get(-1));
	kt_assert_ptr_eq(net_if_get_default(), net_if_get(0));
	kt_assert_not_null(net_if_device(net_if_get(0)));
}

KTEST(net_dhcp, bad_arguments_are_einval)
{
	struct net_if_ipv4_info info;

	kt_assert_eq(net_if_up(NULL), -EINVAL);
	kt_assert_eq(net_if_down(NULL), -EINVAL);
	kt_assert_eq(net_if_dhcpv4_start(NULL), -EINVAL);
	kt_assert_eq(net_if_wait_ipv4(NULL, K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_if_ipv4_get(NULL, &info), -EINVAL);
	kt_assert_eq(net_if_ipv4_get(net_if_get(0), NULL), -EINVAL);
	kt_assert_eq(net_event_handler_add(NULL), -EINVAL);
	kt_assert_eq(net_event_handler_add(&handler), -EALREADY);
}

KTEST(net_dhcp, dhcp_on_a_down_interface_is_enetdown)
{
	struct net_if *iface = net_if_get(0);

	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(net_if_is_up(iface), 0);
	kt_assert_eq(net_if_dhcpv4_start(iface), -ENETDOWN);
	kt_assert_eq(net_if_wait_ipv4(iface, K_MSEC(50)), -ETIMEDOUT);
}

/* Wakes on the same tick as waiter(), ahead of it, and keeps the CPU for
 * a tick and a half: waiter() reads the clock a tick past its deadline,
 * as a real-time board often does. */
#define LATE_WAIT_TICKS 5
K_THREAD_STACK_DEFINE(hog_stack, 1024);
K_THREAD_STACK_DEFINE(waiter_stack, 2048);
static struct k_thread hog_thread;
static struct k_thread waiter_thread;
static volatile int waiter_ret;

static void hog(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	(void)k_sleep(K_TICKS(LATE_WAIT_TICKS));
	k_busy_wait(1500000u / CONFIG_SYS_CLOCK_TICKS_PER_SEC);
}

static void waiter(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	waiter_ret = net_if_wait_ipv4(p1, K_TICKS(LATE_WAIT_TICKS));
}

KTEST(net_dhcp, wait_ipv4_woken_past_its_deadline_times_out)
{
	struct net_if *iface = net_if_get(0);

	kt_assert_eq(net_if_down(iface), 0);
	waiter_ret = 1;
	(void)k_sleep(K_TICKS(1)); /* start both on a fresh tick */
	kt_assert_eq(k_thread_create(&hog_thread, hog_stack, K_THREAD_STACK_SIZEOF(hog_stack),
				     hog, NULL, NULL, NULL, K_PRIO_PREEMPT(1), 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_create(&waiter_thread, waiter_stack,
				     K_THREAD_STACK_SIZEOF(waiter_stack), waiter, iface, NULL,
				     NULL, K_PRIO_PREEMPT(2), 0, K_NO_WAIT), 0);
	/* Bounded by the kernel's own timeout: a wait turned into K_FOREVER
	 * shows as a join that times out. */
	kt_assert_eq(k_thread_join(&waiter_thread, K_MSEC(2000)), 0);
	kt_assert_eq(waiter_ret, -ETIMEDOUT);
	kt_assert_eq(k_thread_join(&hog_thread, K_MSEC(2000)), 0);
}

KTEST(net_dhcp, lease_gives_address_router_and_dns)
{
	struct net_if_ipv4_info info;
	struct net_if *iface;

	events_seen = 0;
	iface = net_test_iface_dhcp();
	kt_assert_not_null(iface);
	kt_assert_eq(net_if_is_up(iface), 1);
	kt_assert_eq(net_if_link_is_up(iface), 1);
	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	assert_addr(&info.addr, 10, 0, 2, 15);
	assert_addr(&info.netmask, 255, 255, 255, 0);
	assert_addr(&info.gateway, 10, 0, 2, 2);
	assert_addr(&info.dns[0], 10, 0, 2, 3);
	kt_assert_true(info.dhcp);
	kt_assert_eq(events_seen & (NET_EVENT_IF_UP | NET_EVENT_LINK_UP |
				    NET_EVENT_IPV4_ADDR_ACQUIRED),
		     NET_EVENT_IF_UP | NET_EVENT_LINK_UP | NET_EVENT_IPV4_ADDR_ACQUIRED);
}

KTEST(net_dhcp, down_removes_the_address_and_says_so)
{
	struct net_if_ipv4_info info;
	struct net_if *iface = net_test_iface_dhcp();

	kt_assert_not_null(iface);
	events_seen = 0;
	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(net_if_ipv4_get(iface, &info), 0);
	kt_assert_true(net_ipv4_addr_is_any(&info.addr));
	kt_assert_false(info.dhcp);
	kt_assert_eq(events_seen & (NET_EVENT_IPV4_ADDR_LOST | NET_EVENT_IF_DOWN |
				    NET_EVENT_LINK_DOWN),
		     NET_EVENT_IPV4_ADDR_LOST | NET_EVENT_IF_DOWN | NET_EVENT_LINK_DOWN);
	kt_assert_eq(net_if_link_is_up(iface), 0);
	/* and it comes back */
	kt_assert_not_null(net_test_iface_dhcp());
}

KTEST(net_dhcp, servers_of_a_lease_are_a_dns_event_of_its_interface)
{
	struct net_ipv4_addr none = net_ipv4_addr(0, 0, 0, 0);
	struct net_if *iface = net_if_get(0);

	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(net_dns_server_set(0, &none), 0);
	kt_assert_eq(net_dns_server_set(1, &none), 0);
	events_seen = 0;
	dns_event_iface = NULL;
	kt_assert_not_null(net_test_iface_dhcp()); /* slirp: 10.0.2.3 */
	kt_assert_eq(events_seen & NET_EVENT_DNS_SERVERS_CHANGED,
		     NET_EVENT_DNS_SERVERS_CHANGED);
	kt_assert_ptr_eq(dns_event_iface, iface);
	/* down and the same lease again: the list did not change */
	kt_assert_eq(net_if_down(iface), 0);
	events_seen = 0;
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(events_seen & NET_EVENT_DNS_SERVERS_CHANGED, 0u);
}

KTEST(net_dhcp, removed_handler_is_not_called)
{
	struct net_if *iface = net_if_get(0);

	kt_assert_eq(net_event_handler_remove(&handler), 0);
	kt_assert_eq(net_event_handler_remove(&handler), -ENOENT);
	events_seen = 0;
	kt_assert_eq(net_if_down(iface), 0);
	kt_assert_eq(events_seen, 0u);
	kt_assert_eq(net_event_handler_add(&handler), 0);
}
