/*
 * The network API on every board, without traffic: the stack is up with
 * one interface per Ethernet device of the devicetree; bad arguments are
 * -EINVAL; IPv4 and IPv6 address text converts both ways and rejects
 * malformed text; with no address a ping cannot be sent; without
 * CONFIG_NET_IPV6 the IPv6 interface calls are -ENOTSUP.
 */
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ip.h>
#include <kestrel/net/net_ping.h>

#include "devicetree.h"

KTEST_SUITE(net_api, NULL, NULL, NULL, NULL);

KTEST(net_api, one_interface_per_ethernet_device)
{
	kt_assert_eq(net_if_count(), DEVICE_DT_CLASS_ETHERNET_COUNT);
	kt_assert_null(net_if_get(net_if_count()));
	kt_assert_null(net_if_get(-1));
	if (net_if_count() > 0) {
		kt_assert_ptr_eq(net_if_get_default(), net_if_get(0));
		kt_assert_eq(net_if_is_up(net_if_get(0)), 0);
	} else {
		kt_assert_null(net_if_get_default());
	}
}

KTEST(net_api, null_interface_is_einval)
{
	struct net_if_ipv4_info info;
	struct net_ipv4_addr a = net_ipv4_addr(10, 0, 2, 15);

	kt_assert_eq(net_if_up(NULL), -EINVAL);
	kt_assert_eq(net_if_down(NULL), -EINVAL);
	kt_assert_eq(net_if_is_up(NULL), -EINVAL);
	kt_assert_eq(net_if_link_is_up(NULL), -EINVAL);
	kt_assert_eq(net_if_set_default(NULL), -EINVAL);
	kt_assert_eq(net_if_dhcpv4_start(NULL), -EINVAL);
	kt_assert_eq(net_if_dhcpv4_stop(NULL), -EINVAL);
	kt_assert_eq(net_if_ipv4_set(NULL, &a, &a, &a), -EINVAL);
	kt_assert_eq(net_if_ipv4_get(NULL, &info), -EINVAL);
	kt_assert_eq(net_if_wait_ipv4(NULL, K_NO_WAIT), -EINVAL);
	kt_assert_null(net_if_device(NULL));
}

static void never(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)iface;
	(void)event;
	(void)user_data;
}

KTEST(net_api, event_handler_registration_is_checked)
{
	struct net_event_handler h = { .mask = NET_EVENT_LINK_UP, .cb = never };
	struct net_event_handler no_mask = { .mask = 1u << 30, .cb = never };
	struct net_event_handler no_cb = { .mask = NET_EVENT_LINK_UP };

	kt_assert_eq(net_event_handler_add(NULL), -EINVAL);
	kt_assert_eq(net_event_handler_add(&no_mask), -EINVAL);
	kt_assert_eq(net_event_handler_add(&no_cb), -EINVAL);
	kt_assert_eq(net_event_handler_remove(&h), -ENOENT);
	kt_assert_eq(net_event_handler_add(&h), 0);
	kt_assert_eq(net_event_handler_add(&h), -EALREADY);
	kt_assert_eq(net_event_handler_remove(&h), 0);
	kt_assert_eq(net_event_handler_remove(NULL), -EINVAL);
}

static void assert_addr(const struct net_ipv4_addr *got, uint8_t a, uint8_t b,
			uint8_t c, uint8_t d)
{
	struct net_ipv4_addr want = net_ipv4_addr(a, b, c, d);

	kt_assert_true(net_ipv4_addr_eq(got, &want));
}

KTEST(net_api, address_text_round_trip)
{
	struct net_ipv4_addr a;
	char text[NET_IPV4_ADDR_STRLEN];

	kt_assert_eq(net_ipv4_addr_from_str("10.0.2.15", &a), 0);
	assert_addr(&a, 10, 0, 2, 15);
	kt_assert_eq(net_ipv4_addr_to_str(&a, text, sizeof(text)), 9);
	kt_assert_str_eq(text, "10.0.2.15");
	kt_assert_eq(net_ipv4_addr_from_str("255.255.255.255", &a), 0);
	kt_assert_eq(net_ipv4_addr_to_str(&a, text, sizeof(text)), 15);
	kt_assert_eq(net_ipv4_addr_from_str("0.0.0.0", &a), 0);
	kt_assert_true(net_ipv4_addr_is_any(&a));
}

KTEST(net_api, malformed_address_text_is_einval)
{
	static const char *const bad[] = {
		"", "10.0.2", "10.0.2.256", "10.0.2.1x", "1..2.3", "1.2.3.4.",
		" 1.2.3.4", "1.2.3.4 ", "1234.1.1.1", "-1.2.3.4", "a.b.c.d",
	};
	struct net_ipv4_addr a = net_ipv4_addr(9, 9, 9, 9);
	char text[4];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_assert(net_ipv4_addr_from_str(bad[i], &a) == -EINVAL,
			  "'%s' was accepted", bad[i]);
	}
	assert_addr(&a, 9, 9, 9, 9); /* untouched */
	kt_assert_eq(net_ipv4_addr_from_str(NULL, &a), -EINVAL);
	kt_assert_eq(net_ipv4_addr_from_str("1.2.3.4", NULL), -EINVAL);
	kt_assert_eq(net_ipv4_addr_to_str(&a, text, sizeof(text)), -ENOSPC);
	kt_assert_eq(text[3], '\0');
	kt_assert_eq(net_ipv4_addr_to_str(NULL, text, sizeof(text)), -EINVAL);
}

/* Text, its address parsed and printed back (RFC 5952). */
static const char *const ipv6_round[][2] = {
	{ "::", "::" },
	{ "::1", "::1" },
	{ "1::", "1::" },
	{ "fec0::2", "fec0::2" },
	{ "2001:DB8::10", "2001:db8::10" },
	{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
	{ "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0" },
	{ "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },
	{ "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
	{ "0:0:1:0:0:0:0:0", "0:0:1::" },
	{ "fe80:0000:0000:0000:5054:00ff:fe12:3456", "fe80::5054:ff:fe12:3456" },
	{ "::ffff:192.0.2.1", "::ffff:c000:201" },
	{ "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" },
};

KTEST(net_api, ipv6_address_text_round_trip)
{
	struct net_ipv6_addr a;
	char text[NET_IPV6_ADDR_STRLEN];

	for (size_t i = 0; i < ARRAY_SIZE(ipv6_round); i++) {
		kt_assert(net_ipv6_addr_from_str(ipv6_round[i][0], &a) == 0,
			  "'%s' was refused", ipv6_round[i][0]);
		kt_assert_eq(net_ipv6_addr_to_str(&a, text, sizeof(text)),
			     (int)strlen(ipv6_round[i][1]));
		kt_assert_str_eq(text, ipv6_round[i][1]);
	}
	kt_assert_eq(net_ipv6_addr_from_str("2001:db8::10", &a), 0);
	kt_assert_eq(a.b[0], 0x20);
	kt_assert_eq(a.b[3], 0xb8);
	kt_assert_eq(a.b[15], 0x10);
	kt_assert_false(net_ipv6_addr_is_link_local(&a));
	kt_assert_eq(net_ipv6_addr_from_str("fe80::1", &a), 0);
	kt_assert_true(net_ipv6_addr_is_link_local(&a));
	kt_assert_eq(net_ipv6_addr_from_str("::", &a), 0);
	kt_assert_true(net_ipv6_addr_is_any(&a));
}

KTEST(net_api, malformed_ipv6_text_is_einval)
{
	static const char *const bad[] = {
		"", ":", "1:", ":1::", "1::2::3", "1:::2", "12345::", "g::",
		"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
		"::1.2.3", "::1.2.3.4:5", "fe80::1%en0", "::/64", " ::1",
		"::1 ", "1:2:3:4:5:6:7:1.2.3.4",
	};
	struct net_ipv6_addr a = { { 9 } };
	char text[8];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_assert(net_ipv6_addr_from_str(bad[i], &a) == -EINVAL,
			  "'%s' was accepted", bad[i]);
	}
	kt_assert_eq(a.b[0], 9); /* untouched */
	kt_assert_eq(net_ipv6_addr_from_str(NULL, &a), -EINVAL);
	kt_assert_eq(net_ipv6_addr_from_str("::1", NULL), -EINVAL);
	kt_assert_eq(net_ipv6_addr_from_str("fec0::5054:ff:fe12:3456", &a), 0);
	kt_assert_eq(net_ipv6_addr_to_str(&a, text, sizeof(text)), -ENOSPC);
	kt_assert_eq(text[7], '\0');
	kt_assert_eq(net_ipv6_addr_to_str(NULL, text, sizeof(text)), -EINVAL);
}

KTEST(net_api, ipv6_calls_without_ipv6_are_enotsup)
{
	struct net_if *iface = net_if_get(0);
	struct net_if_ipv6_info info;

	if (IS_ENABLED(CONFIG_NET_IPV6) || iface == NULL) {
		kt_skip();
	}
	kt_assert_eq(net_if_ipv6_get(iface, &info), -ENOTSUP);
	kt_assert_eq(net_if_wait_ipv6(iface, NET_IF_IPV6_LINK_LOCAL, NULL,
				      K_NO_WAIT), -ENOTSUP);
	kt_assert_eq(net_ping6(&(struct net_ipv6_addr){ { 0xfe, 0xc0 } },
			       &(struct net_ping_params){ .count = 1, .timeout_ms = 1 },
			       &(struct net_ping_result){ 0 }), -ENOTSUP);
	kt_assert_eq(net_if_ipv6_get(NULL, &info), -EINVAL);
	kt_assert_eq(net_if_wait_ipv6(NULL, NET_IF_IPV6_LINK_LOCAL, NULL,
				      K_NO_WAIT), -EINVAL);
}

KTEST(net_api, ping_without_an_address_is_enetunreach)
{
	struct net_ipv4_addr gw = net_ipv4_addr(10, 0, 2, 2);
	struct net_ping_params p = { .count = 1, .timeout_ms = 100 };
	struct net_ping_result res;

	kt_assert_eq(net_ping(&gw, &p, &res), -ENETUNREACH);
	kt_assert_eq(res.sent, 0u);
}
