/*
 * echo_server: echoes TCP (several clients at once) and UDP on port
 * ECHO_PORT of the device, IPv4 and (with CONFIG_NET_IPV6) IPv6, forever.
 * One thread polls the listeners, the UDP sockets and the connections
 * (net_poll); each readable socket is served without blocking the others.
 *
 * From the host, through a slirp host forward (every board):
 *     scripts/kt run --hostfwd tcp:4242 --hostfwd udp:4242
 * prints the host ports; then e.g. `nc 127.0.0.1 PORT` (TCP) or
 * `nc -u 127.0.0.1 PORT` (UDP). IPv6 forwards (native_sim only: QEMU's
 * user network forwards IPv4): --hostfwd tcp6:4242, then `nc ::1 PORT`.
 */
#include <kestrel/kernel.h>
#include <kestrel/net/socket.h>

#include "net_sample.h"

#define ECHO_PORT 4242
#define ECHO_CLIENTS 3
#define BACKLOG 2

struct client {
	int sock;           /* -1: free */
	size_t bytes;
};

static struct client clients[ECHO_CLIENTS];
static uint8_t buf[1500];

/* The servers: TCP listener and UDP socket per family. */
enum { TCP4, UDP4, TCP6, UDP6, SERVERS };

static int servers[SERVERS] = { -1, -1, -1, -1 };

static struct net_sockaddr *sa(struct net_sockaddr_storage *ss)
{
	return (struct net_sockaddr *)ss;
}

/* "echo_server: WHAT ADDR:PORT" ([ADDR]:PORT for IPv6) and, for @p n >= 0,
 * " (N bytes)". */
static void print_peer(const char *what, const struct net_sockaddr_storage *peer, int n)
{
	char text[NET_INET6_ADDRSTRLEN];
	const struct net_sockaddr_in *in = (const struct net_sockaddr_in *)peer;
	const struct net_sockaddr_in6 *in6 = (const struct net_sockaddr_in6 *)peer;
	bool v6 = peer->ss_family == NET_AF_INET6;
	uint16_t port = net_ntohs(v6 ? in6->sin6_port : in->sin_port);

	(void)net_inet_ntop(peer->ss_family, v6 ? (const void *)&in6->sin6_addr :
			    (const void *)&in->sin_addr, text, sizeof(text));
	printk("echo_server: %s %s%s%s:%u", what, v6 ? "[" : "", text, v6 ? "]" : "", port);
	if (n >= 0) {
		printk(" (%d bytes)", n);
	}
	printk("\n");
}

/* A socket of @p family and @p type bound to ECHO_PORT (listening when
 * TCP), or < 0. */
static int open_server(int family, int type)
{
	struct net_sockaddr_storage any = { 0 };
	struct net_sockaddr_in *in = (struct net_sockaddr_in *)&any;
	struct net_sockaddr_in6 *in6 = (struct net_sockaddr_in6 *)&any;
	net_socklen_t len = family == NET_AF_INET6 ? sizeof(*in6) : sizeof(*in);
	int s = net_socket(family, type, 0);
	int v6only = 1;
	int ret;

	if (family == NET_AF_INET6) {
		*in6 = (struct net_sockaddr_in6){ .sin6_len = sizeof(*in6),
						  .sin6_family = NET_AF_INET6,
						  .sin6_port = net_htons(ECHO_PORT) };
	} else {
		*in = (struct net_sockaddr_in){ .sin_len = sizeof(*in), .sin_family = NET_AF_INET,
						.sin_port = net_htons(ECHO_PORT) };
	}
	/* The IPv6 servers take only IPv6: the IPv4 ones hold the port there. */
	ret = s < 0 || family != NET_AF_INET6 ? s : net_setsockopt(s, NET_IPPROTO_IPV6,
								   NET_IPV6_V6ONLY, &v6only,
								   sizeof(v6only));
	ret = ret < 0 ? ret : net_bind(s, sa(&any), len);
	if (ret == 0 && type == NET_SOCK_STREAM) {
		ret = net_listen(s, BACKLOG);
	}
	if (ret != 0) {
		printk("echo_server: cannot serve %s%s port %d: %d\n",
		       type == NET_SOCK_STREAM ? "TCP" : "UDP",
		       family == NET_AF_INET6 ? " IPv6" : "", ECHO_PORT, ret);
		if (s >= 0) {
			(void)net_close(s);
		}
		return ret;
	}
	return s;
}

static void accept_client(int listener)
{
	struct net_sockaddr_storage peer;
	net_socklen_t len = sizeof(peer);
	int c = net_accept(listener, sa(&peer), &len);

	if (c < 0) {
		printk("echo_server: accept failed: %d\n", c);
		return;
	}
	for (int i = 0; i < ECHO_CLIENTS; i++) {
		if (clients[i].sock < 0) {
			clients[i] = (struct client){ .sock = c };
			print_peer("TCP connection from", &peer, -1);
			return;
		}
	}
	printk("echo_server: busy (%d clients), connection refused\n", ECHO_CLIENTS);
	(void)net_close(c);
}

/* Sends back what arrived; closes the client at its end of stream. */
static void serve_client(struct client *cl)
{
	int n = net_recv(cl->sock, buf, sizeof(buf), 0);

	for (int sent = 0, m; n > 0 && sent < n; sent += m) {
		m = net_send(cl->sock, buf + sent, (size_t)(n - sent), 0);
		if (m <= 0) {
			n = m < 0 ? m : -EIO;
		}
	}
	if (n > 0) {
		cl->bytes += (size_t)n;
		return;
	}
	printk("echo_server: TCP connection closed after %u bytes%s\n",
	       (unsigned int)cl->bytes, n < 0 ? " (error)" : "");
	(void)net_close(cl->sock);
	cl->sock = -1;
}

static void serve_datagram(int udp)
{
	struct net_sockaddr_storage peer;
	net_socklen_t len = sizeof(peer);
	int n = net_recvfrom(udp, buf, sizeof(buf), 0, sa(&peer), &len);

	if (n >= 0 && net_sendto(udp, buf, (size_t)n, 0, sa(&peer), len) == n) {
		print_peer("UDP echo to", &peer, n);
	}
}

static int serve(void)
{
	struct net_pollfd fds[SERVERS + ECHO_CLIENTS];

	for (;;) {
		for (int i = 0; i < SERVERS; i++) {
			fds[i] = (struct net_pollfd){ .fd = servers[i], .events = NET_POLLIN };
		}
		for (int i = 0; i < ECHO_CLIENTS; i++) {
			fds[SERVERS + i] = (struct net_pollfd){ .fd = clients[i].sock,
								.events = NET_POLLIN };
		}
		int n = net_poll(fds, ARRAY_SIZE(fds), -1);

		if (n < 0) {
			printk("echo_server: poll failed: %d\n", n);
			return 1;
		}
		for (int i = 0; i < ECHO_CLIENTS; i++) {
			if (fds[SERVERS + i].fd >= 0 && fds[SERVERS + i].revents != 0) {
				serve_client(&clients[i]);
			}
		}
		for (int i = 0; i < SERVERS; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0) {
				continue;
			}
			if (i == UDP4 || i == UDP6) {
				serve_datagram(servers[i]);
			} else {
				accept_client(servers[i]);
			}
		}
	}
}

/* The IPv6 servers once the interface has its SLAAC address (so a host
 * forward to that address finds it). 0, or 1 on failure. */
static int open_ipv6(struct net_if *iface)
{
#if defined(CONFIG_NET_IPV6)
	struct net_ipv6_addr a6;
	char text[NET_IPV6_ADDR_STRLEN];

	if (net_if_wait_ipv6(iface, NET_IF_IPV6_ROUTABLE, &a6, K_SECONDS(10)) != 0) {
		printk("echo_server: no IPv6 address (SLAAC)\n");
		return 1;
	}
	(void)net_ipv6_addr_to_str(&a6, text, sizeof(text));
	printk("echo_server: IPv6 address %s\n", text);
	servers[TCP6] = open_server(NET_AF_INET6, NET_SOCK_STREAM);
	servers[UDP6] = open_server(NET_AF_INET6, NET_SOCK_DGRAM);
	return servers[TCP6] < 0 || servers[UDP6] < 0;
#else
	ARG_UNUSED(iface);
	return 0;
#endif
}

int main(void)
{
	struct net_if *iface;

	for (int i = 0; i < ECHO_CLIENTS; i++) {
		clients[i].sock = -1;
	}
	iface = net_sample_dhcp("echo_server");
	if (iface == NULL) {
		return 1;
	}
	servers[TCP4] = open_server(NET_AF_INET, NET_SOCK_STREAM);
	servers[UDP4] = open_server(NET_AF_INET, NET_SOCK_DGRAM);
	if (servers[TCP4] < 0 || servers[UDP4] < 0 || open_ipv6(iface) != 0) {
		return 1;
	}
	printk("echo_server: listening on TCP and UDP port %d (%s)\n", ECHO_PORT,
	       IS_ENABLED(CONFIG_NET_IPV6) ? "IPv4 and IPv6" : "IPv4");
	return serve();
}
