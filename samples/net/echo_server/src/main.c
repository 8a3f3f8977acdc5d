/*
 * echo_server: echoes TCP (several clients at once) and UDP on port
 * ECHO_PORT of the device, IPv4, forever. One thread polls the listener,
 * the UDP socket and the connections (net_poll); each readable socket is
 * served without blocking the others.
 *
 * From the host, through a slirp host forward (every board):
 *     scripts/kt run --hostfwd tcp:4242 --hostfwd udp:4242
 * prints the host ports; then e.g. `nc 127.0.0.1 PORT` (TCP) or
 * `nc -u 127.0.0.1 PORT` (UDP).
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

static struct net_sockaddr *sa(struct net_sockaddr_in *in)
{
	return (struct net_sockaddr *)in;
}

/* "echo_server: WHAT A.B.C.D:PORT" and, for @p n >= 0, " (N bytes)". */
static void print_peer(const char *what, const struct net_sockaddr_in *peer, int n)
{
	char text[NET_INET_ADDRSTRLEN];

	(void)net_inet_ntop(NET_AF_INET, &peer->sin_addr, text, sizeof(text));
	if (n >= 0) {
		printk("echo_server: %s %s:%u (%d bytes)\n", what, text,
		       net_ntohs(peer->sin_port), n);
	} else {
		printk("echo_server: %s %s:%u\n", what, text, net_ntohs(peer->sin_port));
	}
}

/* A socket of @p type bound to ECHO_PORT (listening when TCP), or < 0. */
static int open_server(int type)
{
	struct net_sockaddr_in any = { .sin_len = sizeof(any), .sin_family = NET_AF_INET,
				       .sin_port = net_htons(ECHO_PORT) };
	int s = net_socket(NET_AF_INET, type, 0);
	int ret = s < 0 ? s : net_bind(s, sa(&any), sizeof(any));

	if (ret == 0 && type == NET_SOCK_STREAM) {
		ret = net_listen(s, BACKLOG);
	}
	if (ret != 0) {
		printk("echo_server: cannot serve %s port %d: %d\n",
		       type == NET_SOCK_STREAM ? "TCP" : "UDP", ECHO_PORT, ret);
		if (s >= 0) {
			(void)net_close(s);
		}
		return ret;
	}
	return s;
}

static void accept_client(int listener)
{
	struct net_sockaddr_in peer;
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
	struct net_sockaddr_in peer;
	net_socklen_t len = sizeof(peer);
	int n = net_recvfrom(udp, buf, sizeof(buf), 0, sa(&peer), &len);

	if (n >= 0 && net_sendto(udp, buf, (size_t)n, 0, sa(&peer), len) == n) {
		print_peer("UDP echo to", &peer, n);
	}
}

static int serve(int listener, int udp)
{
	struct net_pollfd fds[2 + ECHO_CLIENTS];

	for (;;) {
		fds[0] = (struct net_pollfd){ .fd = listener, .events = NET_POLLIN };
		fds[1] = (struct net_pollfd){ .fd = udp, .events = NET_POLLIN };
		for (int i = 0; i < ECHO_CLIENTS; i++) {
			fds[2 + i] = (struct net_pollfd){ .fd = clients[i].sock, .events = NET_POLLIN };
		}
		int n = net_poll(fds, ARRAY_SIZE(fds), -1);

		if (n < 0) {
			printk("echo_server: poll failed: %d\n", n);
			return 1;
		}
		for (int i = 0; i < ECHO_CLIENTS; i++) {
			if (fds[2 + i].fd >= 0 && fds[2 + i].revents != 0) {
				serve_client(&clients[i]);
			}
		}
		if (fds[1].revents != 0) {
			serve_datagram(udp);
		}
		if (fds[0].revents != 0) {
			accept_client(listener);
		}
	}
}

int main(void)
{
	int listener, udp;

	for (int i = 0; i < ECHO_CLIENTS; i++) {
		clients[i].sock = -1;
	}
	if (net_sample_dhcp("echo_server") == NULL) {
		return 1;
	}
	listener = open_server(NET_SOCK_STREAM);
	udp = open_server(NET_SOCK_DGRAM);
	if (listener < 0 || udp < 0) {
		return 1;
	}
	printk("echo_server: listening on TCP and UDP port %d\n", ECHO_PORT);
	return serve(listener, udp);
}
