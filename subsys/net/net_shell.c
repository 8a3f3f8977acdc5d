/*
 * Network shell commands (CONFIG_NET_SHELL): net iface, net ping, net dns,
 * net stats, net sockets.
 *
 * Everything goes through the public network API except what it has no
 * call for yet: the DHCP client's state and the IPv6 addresses are read
 * from lwIP under the core lock (dhcp_state(), ipv6_print()).
 *
 * Conventions of the driver class commands: bad arguments print
 * "usage: ..." and return -EINVAL; a failed call prints "error: ..." and
 * returns its negative errno.
 */
#include <errno.h>

#include <kestrel/kernel.h>
#include <kestrel/net/net_dns.h>
#include <kestrel/net/net_if.h>
#include <kestrel/net/net_ping.h>
#include <kestrel/net/net_stats.h>
#include <kestrel/net/socket.h>
#include <kestrel/shell/shell.h>

#include "lwip/dhcp.h"
#include "lwip/ip_addr.h"
#include "lwip/prot/dhcp.h"
#include "lwip/tcpip.h"

#include "net_priv.h"

#define USAGE_PING "net ping HOST [COUNT 1..1000]"
#define USAGE_DNS "net dns NAME"
#define PING_TIMEOUT_MS 1000
#define PING_INTERVAL_MS 100
#define DNS_TIMEOUT K_SECONDS(5)

static int usage(struct shell *sh, const char *text)
{
	shell_print(sh, "usage: %s", text);
	return -EINVAL;
}

static void addr_str(const struct net_ipv4_addr *a, char buf[NET_IPV4_ADDR_STRLEN])
{
	(void)net_ipv4_addr_to_str(a, buf, NET_IPV4_ADDR_STRLEN);
}

/* ---- net iface ---- */

#if LWIP_DHCP
static const char *dhcp_state(struct net_if *iface)
{
	static const char *const names[] = {
		[DHCP_STATE_OFF] = "off", [DHCP_STATE_REQUESTING] = "requesting",
		[DHCP_STATE_INIT] = "init", [DHCP_STATE_REBOOTING] = "rebooting",
		[DHCP_STATE_REBINDING] = "rebinding", [DHCP_STATE_RENEWING] = "renewing",
		[DHCP_STATE_SELECTING] = "selecting", [DHCP_STATE_INFORMING] = "informing",
		[DHCP_STATE_CHECKING] = "checking", [DHCP_STATE_PERMANENT] = "permanent",
		[DHCP_STATE_BOUND] = "bound", [DHCP_STATE_RELEASING] = "releasing",
		[DHCP_STATE_BACKING_OFF] = "backing off",
	};
	const struct dhcp *dhcp;
	uint8_t state;

	LOCK_TCPIP_CORE();
	dhcp = netif_dhcp_data(&iface->netif);
	state = dhcp == NULL ? DHCP_STATE_OFF : dhcp->state;
	UNLOCK_TCPIP_CORE();
	return state < ARRAY_SIZE(names) && names[state] != NULL ? names[state] : "?";
}
#else
static const char *dhcp_state(struct net_if *iface)
{
	(void)iface;
	return "not built";
}
#endif

#if LWIP_IPV6
static void ipv6_print(struct shell *sh, struct net_if *iface)
{
	char text[IP6ADDR_STRLEN_MAX];

	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		uint8_t state;

		LOCK_TCPIP_CORE();
		state = netif_ip6_addr_state(&iface->netif, i);
		(void)ip6addr_ntoa_r(netif_ip6_addr(&iface->netif, i), text, sizeof(text));
		UNLOCK_TCPIP_CORE();
		if (!ip6_addr_isinvalid(state)) {
			shell_print(sh, "  IPv6 %s%s", text,
				    ip6_addr_istentative(state) ? " (tentative)" : "");
		}
	}
}
#else
static void ipv6_print(struct shell *sh, struct net_if *iface)
{
	(void)sh;
	(void)iface;
}
#endif

static void iface_print(struct shell *sh, int index)
{
	struct net_if *iface = net_if_get(index);
	const struct device *dev = net_if_device(iface);
	struct net_if_ipv4_info ip;
	char a[NET_IPV4_ADDR_STRLEN], m[NET_IPV4_ADDR_STRLEN], g[NET_IPV4_ADDR_STRLEN];
	uint8_t mac[ETH_ADDR_LEN] = { 0 };

	(void)eth_get_mac(dev, mac);
	shell_print(sh, "iface %d: %s, %s, link %s%s", index, dev->name,
		    net_if_is_up(iface) == 1 ? "up" : "down",
		    net_if_link_is_up(iface) == 1 ? "up" : "down",
		    iface == net_if_get_default() ? ", default" : "");
	shell_print(sh, "  MAC %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		    mac[3], mac[4], mac[5]);
	if (net_if_ipv4_get(iface, &ip) == 0) {
		addr_str(&ip.addr, a);
		addr_str(&ip.netmask, m);
		addr_str(&ip.gateway, g);
		shell_print(sh, "  IPv4 %s/%s gateway %s (%s), DHCP %s", a, m, g,
			    ip.dhcp ? "from DHCP" : "static", dhcp_state(iface));
		addr_str(&ip.dns[0], a);
		addr_str(&ip.dns[1], m);
		shell_print(sh, "  DNS %s %s", a, m);
	}
	ipv6_print(sh, iface);
}

static int cmd_iface(struct shell *sh, size_t argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		return usage(sh, "net iface");
	}
	for (int i = 0; i < net_if_count(); i++) {
		iface_print(sh, i);
	}
	shell_print(sh, "%d interface(s)", net_if_count());
	return 0;
}

/* ---- net ping, net dns ---- */

/* @p host as an IPv4 address: dotted decimal, or a name through DNS. */
static int host_resolve(struct shell *sh, const char *host, struct net_ipv4_addr *addr)
{
	int ret = net_ipv4_addr_from_str(host, addr);

	if (ret == 0 || !IS_ENABLED(CONFIG_NET_DNS)) {
		if (ret != 0) {
			shell_error(sh, "%s: not an IPv4 address (no DNS in this build)", host);
		}
		return ret;
	}
	ret = net_dns_resolve(host, NET_DNS_AF_INET, addr, DNS_TIMEOUT);
	if (ret == -ENOENT) {
		shell_error(sh, "%s: no such name (%d)", host, ret);
	} else if (ret == -ETIMEDOUT) {
		shell_error(sh, "%s: no answer from the DNS server (%d)", host, ret);
	} else if (ret == -EHOSTUNREACH) {
		shell_error(sh, "%s: no DNS server set (%d)", host, ret);
	} else if (ret != 0) {
		shell_error(sh, "%s: cannot resolve (%d)", host, ret);
	}
	return ret;
}

/* A ping count: decimal 1 .. 1000 (no strtoul: it sets errno, which is
 * thread-local storage the Cortex-M port does not provide). */
static bool count_parse(const char *s, uint32_t *count)
{
	uint32_t n = 0;

	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > 1000) {
			return false;
		}
		n = n * 10 + (uint32_t)(*s - '0');
	}
	*count = n;
	return n >= 1 && n <= 1000;
}

static int cmd_ping(struct shell *sh, size_t argc, char **argv)
{
	struct net_ping_params p = { .count = 3, .interval_ms = PING_INTERVAL_MS,
				     .timeout_ms = PING_TIMEOUT_MS, .payload_len = 56 };
	struct net_ping_result res;
	struct net_ipv4_addr dst;
	char text[NET_IPV4_ADDR_STRLEN];
	int ret;

	if (argc < 2 || argc > 3) {
		return usage(sh, USAGE_PING);
	}
	if (argc == 3 && !count_parse(argv[2], &p.count)) {
		return usage(sh, USAGE_PING);
	}
	if (!IS_ENABLED(CONFIG_NET_ICMP_ECHO)) {
		shell_error(sh, "built without CONFIG_NET_ICMP_ECHO");
		return -ENOTSUP;
	}
	ret = host_resolve(sh, argv[1], &dst);
	if (ret != 0) {
		return ret;
	}
	addr_str(&dst, text);
	ret = net_ping(&dst, &p, &res);
	if (ret < 0 && ret != -ETIMEDOUT) {
		shell_error(sh, "ping %s: %d", text, ret);
		return ret;
	}
	shell_print(sh, "ping %s: %u sent, %u received, rtt min %u ms max %u ms", text,
		    (unsigned int)res.sent, (unsigned int)res.received,
		    (unsigned int)res.rtt_min_ms, (unsigned int)res.rtt_max_ms);
	return ret < 0 ? ret : 0;
}

static int cmd_dns(struct shell *sh, size_t argc, char **argv)
{
	struct net_ipv4_addr addr;
	char text[NET_IPV4_ADDR_STRLEN];
	int ret;

	if (argc != 2) {
		return usage(sh, USAGE_DNS);
	}
	if (!IS_ENABLED(CONFIG_NET_DNS)) {
		shell_error(sh, "built without CONFIG_NET_DNS");
		return -ENOTSUP;
	}
	ret = host_resolve(sh, argv[1], &addr);
	if (ret == 0) {
		addr_str(&addr, text);
		shell_print(sh, "%s: %s", argv[1], text);
	}
	return ret;
}

/* ---- net stats ---- */

#define STATS_ROW "%-10s %8s %8s %8s %8s %8s %8s %8s %8s %8s"

static void stats_row(struct shell *sh, const char *name, const struct net_stats_proto *s)
{
	shell_print(sh, "%-10s %8u %8u %8u %8u %8u %8u %8u %8u %8u", name,
		    (unsigned int)s->recv, (unsigned int)s->sent,
		    (unsigned int)s->dropped, (unsigned int)s->chksum_err,
		    (unsigned int)s->len_err, (unsigned int)s->mem_err,
		    (unsigned int)s->route_err, (unsigned int)s->proto_err,
		    (unsigned int)(s->opt_err + s->other_err));
}

static void stats_ipv6(struct shell *sh, const struct net_stats *s)
{
#if defined(CONFIG_NET_IPV6)
	stats_row(sh, "ipv6", &s->ipv6);
	stats_row(sh, "ipv6_frag", &s->ipv6_frag);
	stats_row(sh, "icmpv6", &s->icmpv6);
	stats_row(sh, "nd6", &s->nd6);
#else
	(void)sh;
	(void)s;
#endif
}

static void stats_ifaces(struct shell *sh)
{
	for (int i = 0; i < net_if_count(); i++) {
		struct net_stats_if st;
		int ret = net_stats_if_get(net_if_get(i), &st);

		shell_print(sh, "iface %d: rx %u frames %u bytes, %u dropped, %u errors, "
			    "%u no buffer; tx %u frames %u bytes, %u errors%s", i,
			    (unsigned int)st.driver.rx_frames, (unsigned int)st.driver.rx_bytes,
			    (unsigned int)st.driver.rx_dropped, (unsigned int)st.driver.rx_errors,
			    (unsigned int)st.rx_nobuf, (unsigned int)st.driver.tx_frames,
			    (unsigned int)st.driver.tx_bytes, (unsigned int)st.driver.tx_errors,
			    ret == -ENOSYS ? " (driver keeps no counters)" : "");
	}
}

static int cmd_stats(struct shell *sh, size_t argc, char **argv)
{
	struct net_stats s;
	int ret;

	(void)argv;
	if (argc != 1) {
		return usage(sh, "net stats");
	}
	ret = net_stats_get(&s);
	if (ret == 0) {
		shell_print(sh, STATS_ROW, "", "recv", "sent", "dropped", "chksum", "length",
			    "memory", "route", "proto", "other");
		stats_row(sh, "link", &s.link);
		stats_row(sh, "eth/arp", &s.eth);
		stats_row(sh, "ipv4", &s.ipv4);
		stats_row(sh, "ipv4_frag", &s.ipv4_frag);
		stats_row(sh, "icmp", &s.icmp);
		stats_row(sh, "udp", &s.udp);
		stats_row(sh, "tcp", &s.tcp);
		stats_ipv6(sh, &s);
	} else {
		shell_error(sh, "no protocol counters: built without CONFIG_NET_STATS");
	}
	stats_ifaces(sh);
	return ret;
}

/* ---- net sockets ---- */

#if defined(CONFIG_NET_SOCKETS)
static const char *state_name(enum net_socket_state state)
{
	static const char *const names[] = {
		"-", "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
		"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
		"TIME_WAIT",
	};

	return (unsigned int)state < ARRAY_SIZE(names) ? names[state] : "?";
}

static void endpoint_str(const struct net_sockaddr_in *sa, char *buf, size_t size)
{
	char a[NET_IPV4_ADDR_STRLEN];

	addr_str(&sa->sin_addr, a);
	(void)snprintk(buf, size, "%s:%u", a, net_ntohs(sa->sin_port));
}

static void socket_print(const struct net_socket_info *info, void *user_data)
{
	char local[24], remote[24];

	endpoint_str(&info->local, local, sizeof(local));
	endpoint_str(&info->remote, remote, sizeof(remote));
	shell_print(user_data, "%-4d %-4s %-21s %-21s %s", info->sock,
		    info->type == NET_SOCK_STREAM ? "tcp" : "udp", local, remote,
		    state_name(info->state));
}

static int cmd_sockets(struct shell *sh, size_t argc, char **argv)
{
	int n;

	(void)argv;
	if (argc != 1) {
		return usage(sh, "net sockets");
	}
	shell_print(sh, "%-4s %-4s %-21s %-21s %s", "SOCK", "TYPE", "LOCAL", "REMOTE",
		    "STATE");
	n = net_socket_foreach(socket_print, sh);
	shell_print(sh, "%d socket(s) open", n);
	return 0;
}
#else
static int cmd_sockets(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_error(sh, "built without CONFIG_NET_SOCKETS");
	return -ENOTSUP;
}
#endif

SHELL_SUBCMD_SET_CREATE(sub_net,
	SHELL_CMD(iface, NULL, "Interfaces: state, link, MAC, addresses, DHCP", cmd_iface),
	SHELL_CMD(ping, NULL, "ICMP echo: " USAGE_PING, cmd_ping),
	SHELL_CMD(dns, NULL, "Resolve a name to an IPv4 address: " USAGE_DNS, cmd_dns),
	SHELL_CMD(stats, NULL, "Counters per protocol and per interface", cmd_stats),
	SHELL_CMD(sockets, NULL, "Open sockets: type, addresses, state", cmd_sockets));
SHELL_CMD_REGISTER(net, sub_net, "Networking", NULL);
