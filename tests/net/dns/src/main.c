/*
 * DNS resolver against the host's dnsmasq (fixture `dns`): after DHCP,
 * server 0 is 10.0.2.2 on port 17053; the fixture's name resolves to
 * exactly its A record, an unknown name is -ENOENT, a server that never
 * answers is -ETIMEDOUT within the caller's bound, a numeric address
 * needs no query (it resolves with no server set), bad arguments are
 * -EINVAL.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_event.h>
#include <kestrel/net/net_if.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"

_Static_assert(CONFIG_NET_DNS_SERVER_PORT == KT_NET_FIXTURE_DNS_PORT,
	       "the image must ask the dns fixture's port");

#define DNS_TEST_TIMEOUT K_SECONDS(5)

KTEST_SUITE(net_dns, NULL, NULL, NULL, NULL);

/* DHCP, then the fixture as server 0 (DHCP set slirp's 10.0.2.3). */
static void dns_test_setup(void)
{
	struct net_ipv4_addr host = net_ipv4_addr(10, 0, 2, 2);
	struct net_if_ipv4_info info;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_dns_server_set(0, &host), 0);
	kt_assert_eq(net_if_ipv4_get(net_if_get(0), &info), 0);
	kt_assert_true(net_ipv4_addr_eq(&info.dns[0], &host));
}

KTEST(net_dns, numeric_address_needs_no_query)
{
	struct net_ipv4_addr none = net_ipv4_addr(0, 0, 0, 0);
	struct net_ipv4_addr want = net_ipv4_addr(198, 51, 100, 7);
	struct net_ipv4_addr got;

	/* No server at all: only the parser can answer. */
	kt_assert_eq(net_dns_server_set(0, &none), 0);
	kt_assert_eq(net_dns_server_set(1, &none), 0);
	kt_assert_eq(net_dns_resolve("198.51.100.7", NET_DNS_AF_INET, &got,
				     K_NO_WAIT), 0);
	kt_assert_true(net_ipv4_addr_eq(&got, &want));
	kt_assert_eq(net_dns_resolve(KT_NET_FIXTURE_DNS_NAME, NET_DNS_AF_INET,
				     &got, DNS_TEST_TIMEOUT), -EHOSTUNREACH);
}

KTEST(net_dns, fixture_name_resolves_to_its_a_record)
{
	struct net_ipv4_addr want, got;

	dns_test_setup();
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_DNS_A, &want), 0);
	memset(&got, 0xa5, sizeof(got));
	kt_assert_eq(net_dns_resolve(KT_NET_FIXTURE_DNS_NAME, NET_DNS_AF_INET,
				     &got, DNS_TEST_TIMEOUT), 0);
	kt_assert_true(net_ipv4_addr_eq(&got, &want));
	/* Again, from lwIP's cache, and with the unspecified family. */
	memset(&got, 0, sizeof(got));
	kt_assert_eq(net_dns_resolve(KT_NET_FIXTURE_DNS_NAME, NET_DNS_AF_UNSPEC,
				     &got, DNS_TEST_TIMEOUT), 0);
	kt_assert_true(net_ipv4_addr_eq(&got, &want));
}

KTEST(net_dns, unknown_name_is_enoent)
{
	struct net_ipv4_addr got;

	dns_test_setup();
	kt_assert_eq(net_dns_resolve(KT_NET_FIXTURE_DNS_UNKNOWN, NET_DNS_AF_INET,
				     &got, DNS_TEST_TIMEOUT), -ENOENT);
}

KTEST(net_dns, silent_server_times_out)
{
	/* 10.0.2.77 does not exist (no ARP answer): the query cannot be
	 * answered, the caller's bound ends the wait. lwIP's query goes on;
	 * its final callback frees the abandoned slot later. */
	struct net_ipv4_addr nobody = net_ipv4_addr(10, 0, 2, 77);
	struct net_ipv4_addr got, want;

	dns_test_setup();
	kt_assert_eq(net_dns_server_set(0, &nobody), 0);
	kt_assert_eq(net_dns_resolve("silent.kestrel-test.invalid",
				     NET_DNS_AF_INET, &got, K_MSEC(300)),
		     -ETIMEDOUT);
	/* The fixture still answers once it is server 0 again. */
	dns_test_setup();
	kt_assert_eq(net_ipv4_addr_from_str(KT_NET_FIXTURE_DNS_A, &want), 0);
	kt_assert_eq(net_dns_resolve(KT_NET_FIXTURE_DNS_NAME, NET_DNS_AF_INET,
				     &got, DNS_TEST_TIMEOUT), 0);
	kt_assert_true(net_ipv4_addr_eq(&got, &want));
}

static unsigned int dns_changes;
static struct net_if *dns_change_iface;

static void on_dns_change(struct net_if *iface, uint32_t event, void *user_data)
{
	(void)user_data;
	if (event == NET_EVENT_DNS_SERVERS_CHANGED) {
		dns_changes++;
		dns_change_iface = iface;
	}
}

KTEST(net_dns, changing_the_server_list_is_an_event_setting_it_again_is_not)
{
	static struct net_event_handler h = {
		.mask = NET_EVENT_DNS_SERVERS_CHANGED, .cb = on_dns_change,
	};
	struct net_ipv4_addr a = net_ipv4_addr(192, 0, 2, 53);
	struct net_ipv4_addr b = net_ipv4_addr(192, 0, 2, 54);

	kt_assert_eq(net_dns_server_set(1, &a), 0);
	kt_assert_eq(net_event_handler_add(&h), 0);
	dns_changes = 0;
	dns_change_iface = net_if_get(0);
	kt_assert_eq(net_dns_server_set(1, &b), 0);
	kt_assert_eq(dns_changes, 1u);
	kt_assert_null(dns_change_iface); /* set by the application */
	kt_assert_eq(net_dns_server_set(1, &b), 0);
	kt_assert_eq(dns_changes, 1u);
	kt_assert_eq(net_dns_server_set(1, &a), 0);
	kt_assert_eq(dns_changes, 2u);
	kt_assert_eq(net_event_handler_remove(&h), 0);
	kt_assert_eq(net_dns_server_set(1, &b), 0);
	kt_assert_eq(dns_changes, 2u);
}

KTEST(net_dns, invalid_arguments_are_einval)
{
	struct net_ipv4_addr a = net_ipv4_addr(10, 0, 2, 2);
	char longname[NET_DNS_NAME_MAX + 2];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	kt_assert_eq(net_dns_resolve(NULL, NET_DNS_AF_INET, &a, K_NO_WAIT),
		     -EINVAL);
	kt_assert_eq(net_dns_resolve("x.example", NET_DNS_AF_INET, NULL,
				     K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_dns_resolve("", NET_DNS_AF_INET, &a, K_NO_WAIT),
		     -EINVAL);
	kt_assert_eq(net_dns_resolve(longname, NET_DNS_AF_INET, &a, K_NO_WAIT),
		     -EINVAL);
	kt_assert_eq(net_dns_resolve("x.example", 10, &a, K_NO_WAIT), -EINVAL);
	kt_assert_eq(net_dns_server_set(NET_DNS_SERVERS_MAX, &a), -EINVAL);
	kt_assert_eq(net_dns_server_set(0, NULL), -EINVAL);
}
