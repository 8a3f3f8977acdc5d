/*
 * The net shell commands (subsys/net/net_shell.c) through
 * shell_execute_cmd() on the in-memory backend, against slirp and the
 * host fixtures: output and return value of each command, before and
 * after DHCP, and their argument and failure paths.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_stats.h>
#include <kestrel/net/socket.h>
#include <kestrel/shell/shell.h>
#include <kestrel/testing/net_fixtures.h>

#include "net_test.h"

static struct shell sh;
static struct shell_mem_backend mem;
static char out[4096];
static char want[192];

/* The output holds @p s (a helper: the texts carry printk formats). */
static void out_has(const char *s)
{
	kt_assert(strstr(out, s) != NULL, "output lacks \"%s\":\n%s", s, out);
}

/* Build the text @p fmt says into want[]. */
__attribute__((format(printf, 1, 2))) static const char *text(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintk(want, sizeof(want), fmt, ap);
	va_end(ap);
	return want;
}

static int run(const char *line)
{
	shell_mem_backend_clear(&mem);
	return shell_execute_cmd(&sh, line);
}

static void before(void *fixture)
{
	(void)fixture;
	shell_mem_backend_init(&mem, out, sizeof(out));
	(void)shell_init(&sh, &mem.backend, "$ ");
}

KTEST_SUITE(net_shell, NULL, before, NULL, NULL);

static const char *mac_line(void)
{
	uint8_t m[ETH_ADDR_LEN] = { 0 };

	(void)eth_get_mac(net_if_device(net_if_get(0)), m);
	return text("  MAC %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3],
		    m[4], m[5]);
}

/* ---- net iface ---- */

KTEST(net_shell, iface_down_before_dhcp)
{
	const char *name = net_if_device(net_if_get(0))->name;

	kt_assert_eq(run("net iface"), 0);
	out_has(text("iface 0: %s, down, link down, default\n", name));
	out_has(mac_line());
	out_has("  IPv4 0.0.0.0/0.0.0.0 gateway 0.0.0.0 (static), DHCP off\n");
	out_has("1 interface(s)\n");
}

KTEST(net_shell, iface_after_dhcp)
{
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(run("net iface"), 0);
	out_has(", up, link up, default\n");
	out_has(mac_line());
	out_has("  IPv4 10.0.2.15/255.255.255.0 gateway 10.0.2.2 (from DHCP), "
		       "DHCP bound\n");
	out_has("  DNS 10.0.2.3 ");
	kt_assert_eq(run("net iface extra"), -EINVAL);
	kt_assert_str_eq(out, "usage: net iface\n");
}

/* ---- net ping ---- */

KTEST(net_shell, ping_gateway_counts_replies)
{
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(run("net ping 10.0.2.2 2"), 0);
	out_has("ping 10.0.2.2: 2 sent, 2 received, rtt min ");
	kt_assert_eq(run("net ping 10.0.2.2"), 0);
	out_has("ping 10.0.2.2: 3 sent, 3 received");
}

KTEST(net_shell, ping_absent_neighbour_times_out)
{
	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(run("net ping 10.0.2.77 1"), -ETIMEDOUT);
	out_has("ping 10.0.2.77: 1 sent, 0 received");
}

KTEST(net_shell, ping_bad_arguments_print_usage)
{
	static const char *const bad[] = {
		"net ping", "net ping 10.0.2.2 0", "net ping 10.0.2.2 1001",
		"net ping 10.0.2.2 x", "net ping 10.0.2.2 ''", "net ping 10.0.2.2 1 2",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_assert_eq(run(bad[i]), -EINVAL);
		kt_assert_str_eq(out, "usage: net ping HOST [COUNT 1..1000]\n");
	}
}

/* ---- net dns ---- */

static void use_fixture_dns(void)
{
	struct net_ipv4_addr host = net_ipv4_addr(10, 0, 2, 2);

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(net_dns_server_set(0, &host), 0);
}

KTEST(net_shell, dns_resolves_the_fixture_name)
{
	use_fixture_dns();
	kt_assert_eq(run("net dns " KT_NET_FIXTURE_DNS_NAME), 0);
	kt_assert_str_eq(out, KT_NET_FIXTURE_DNS_NAME ": " KT_NET_FIXTURE_DNS_A "\n");
	kt_assert_eq(run("net dns 192.0.2.1"), 0);
	kt_assert_str_eq(out, "192.0.2.1: 192.0.2.1\n");
}

KTEST(net_shell, dns_unknown_name_is_enoent)
{
	use_fixture_dns();
	kt_assert_eq(run("net dns " KT_NET_FIXTURE_DNS_UNKNOWN), -ENOENT);
	kt_assert_str_eq(out, "error: " KT_NET_FIXTURE_DNS_UNKNOWN ": no such name (-2)\n");
	kt_assert_eq(run("net ping " KT_NET_FIXTURE_DNS_UNKNOWN), -ENOENT);
	out_has("no such name (-2)\n");
}

KTEST(net_shell, dns_bad_arguments_print_usage)
{
	kt_assert_eq(run("net dns"), -EINVAL);
	kt_assert_str_eq(out, "usage: net dns NAME\n");
	kt_assert_eq(run("net dns a b"), -EINVAL);
}

/* ---- net stats ---- */

static const char *row(const char *name, const struct net_stats_proto *s)
{
	return text("%-10s %8u %8u %8u %8u %8u %8u %8u %8u %8u\n", name,
		    (unsigned int)s->recv, (unsigned int)s->sent,
		    (unsigned int)s->dropped, (unsigned int)s->chksum_err,
		    (unsigned int)s->len_err, (unsigned int)s->mem_err,
		    (unsigned int)s->route_err, (unsigned int)s->proto_err,
		    (unsigned int)(s->opt_err + s->other_err));
}

KTEST(net_shell, stats_show_the_counters)
{
	struct net_stats s;
	struct net_stats_if ifs;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(run("net stats"), 0);
	kt_assert_eq(net_stats_get(&s), 0);
	kt_assert_eq(net_stats_if_get(net_if_get(0), &ifs), 0);
	out_has("               recv     sent  dropped   chksum   length   memory"
		       "    route    proto    other\n");
	/* The pings above were answered: counted, and shown as counted. */
	kt_assert_ge(s.icmp.recv, 5u);
	kt_assert_ge(s.icmp.sent, 6u);
	out_has(row("icmp", &s.icmp));
	out_has(row("tcp", &s.tcp));
	out_has(row("ipv4_frag", &s.ipv4_frag));
	out_has("\neth/arp ");
	out_has("\nudp ");
	kt_assert_ge(ifs.driver.rx_frames, s.icmp.recv);
	out_has(text("iface 0: rx %u frames %u bytes, ", (unsigned int)ifs.driver.rx_frames,
			    (unsigned int)ifs.driver.rx_bytes));
	kt_assert_eq(run("net stats x"), -EINVAL);
}

/* ---- net sockets ---- */

static int open_bound(int type, uint16_t port)
{
	struct net_sockaddr_in any = net_sockaddr_in(net_ipv4_addr(0, 0, 0, 0), port);
	int s = net_socket(NET_AF_INET, type, 0);

	kt_assert_ge(s, 0);
	kt_assert_eq(net_bind(s, (struct net_sockaddr *)&any, sizeof(any)), 0);
	return s;
}

KTEST(net_shell, sockets_lists_type_addresses_state)
{
	struct net_sockaddr_in echo = net_sockaddr_in(net_ipv4_addr(10, 0, 2, 2),
						      KT_NET_FIXTURE_TCP_ECHO_PORT);
	int u, l, c;

	kt_assert_not_null(net_test_iface_dhcp());
	kt_assert_eq(run("net sockets"), 0);
	kt_assert_str_eq(out, "SOCK TYPE LOCAL                 REMOTE                STATE\n"
			      "0 socket(s) open\n");
	u = open_bound(NET_SOCK_DGRAM, 17300);
	l = open_bound(NET_SOCK_STREAM, 17301);
	kt_assert_eq(net_listen(l, 1), 0);
	c = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	kt_assert_ge(c, 0);
	kt_assert_eq(net_connect(c, (struct net_sockaddr *)&echo, sizeof(echo)), 0);
	kt_assert_eq(run("net sockets"), 0);
	out_has(text("%-4d udp  0.0.0.0:17300         0.0.0.0:0             -\n", u));
	out_has(text("%-4d tcp  0.0.0.0:17301         0.0.0.0:0             LISTEN\n", l));
	out_has(text("%-4d tcp  10.0.2.15:", c));
	out_has(text(" %-21s ESTABLISHED\n", "10.0.2.2:17007"));
	out_has("3 socket(s) open\n");
	kt_assert_eq(net_close(c), 0);
	kt_assert_eq(net_close(l), 0);
	kt_assert_eq(net_close(u), 0);
	kt_assert_eq(run("net sockets"), 0);
	out_has("\n0 socket(s) open\n");
	kt_assert_eq(net_socket_foreach(NULL, NULL), -EINVAL);
}

/* ---- the group ---- */

KTEST(net_shell, unknown_or_missing_subcommand)
{
	kt_assert_eq(run("net bogus"), -ENOEXEC);
	kt_assert_eq(run("net"), -EINVAL);
	kt_assert_eq(run("help"), 0);
	out_has("net");
}
