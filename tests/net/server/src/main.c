/*
 * A TCP server on the device, reached from the host through slirp host
 * forwarding (testcase.yaml: hostfwd, host_script host_client.py).
 *
 * The suite set-up listens on ECHO_PORT (backlog 2) and BACKLOG_PORT
 * (backlog 1), then prints the line host_client.py waits for. The host
 * then, in this order (keep host_client.py in step):
 *  - echo_connections: one connection per size of SIZES: a 4-byte
 *    big-endian length, then that many bytes of pattern(seed = index),
 *    read back byte for byte, then a half-close. The device checks the
 *    length, every byte it gets, the peer address and the FIN.
 *  - backlog: connection A to BACKLOG_PORT, then B, then a control
 *    connection to ECHO_PORT saying "go". With backlog 1, A fills the
 *    queue and B's SYN is dropped, so after accepting A a non-blocking
 *    accept finds nothing; B arrives when slirp retransmits its SYN.
 */
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/socket.h>

#include "net_test.h"

#define ECHO_PORT 4242
#define BACKLOG_PORT 4243
/* Longest wait for the host: its script starts after the set-up line and
 * the backlog case waits for slirp's SYN retransmission (3 s, then 6 s). */
#define WAIT_MS 30000

static const uint32_t sizes[] = { 1, 100, 1460, 4096, 65536 };
static uint8_t buf[4096];
static int echo_listener = -1;
static int backlog_listener = -1;

static struct net_sockaddr *sa(struct net_sockaddr_in *in)
{
	return (struct net_sockaddr *)in;
}

static uint8_t pattern(size_t i, unsigned int seed)
{
	return (uint8_t)(i * 7u + (i >> 8) + seed);
}

static void set_rcvtimeo(int s, long ms)
{
	struct net_timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	kt_assert_eq(net_setsockopt(s, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv,
				    sizeof(tv)), 0);
}

static int listen_on(uint16_t port, int backlog)
{
	struct net_sockaddr_in any = net_sockaddr_in(net_ipv4_addr(0, 0, 0, 0), port);
	int s = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);

	kt_assert_ge(s, 0);
	kt_assert_eq(net_bind(s, sa(&any), sizeof(any)), 0);
	kt_assert_eq(net_listen(s, backlog), 0);
	set_rcvtimeo(s, WAIT_MS); /* bounds net_accept() */
	return s;
}

static void *listen_both(void)
{
	kt_assert_not_null(net_test_iface_dhcp());
	echo_listener = listen_on(ECHO_PORT, 2);
	backlog_listener = listen_on(BACKLOG_PORT, 1);
	printk("server: listening on ports %d %d\n", ECHO_PORT, BACKLOG_PORT);
	return NULL;
}

/* Whatever a case left open is closed after it, but the listeners. */
static void close_connections(void *fixture)
{
	(void)fixture;
	for (int s = 0; s < CONFIG_NET_SOCKETS_MAX; s++) {
		if (s != echo_listener && s != backlog_listener) {
			(void)net_close(s);
		}
	}
}

KTEST_SUITE(net_server, listen_both, NULL, close_connections, NULL);

/* The next connection of @p listener, from the host (10.0.2.2). */
static int accept_from_host(int listener)
{
	struct net_ipv4_addr host = net_ipv4_addr(10, 0, 2, 2);
	struct net_sockaddr_in peer;
	net_socklen_t len = sizeof(peer);
	int c = net_accept(listener, sa(&peer), &len);

	kt_assert_ge(c, 0);
	kt_assert_eq(len, sizeof(peer));
	kt_assert_eq(peer.sin_family, NET_AF_INET);
	kt_assert_true(net_ipv4_addr_eq(&peer.sin_addr, &host));
	kt_assert_eq(net_fcntl(c, NET_F_SETFL, 0), 0); /* blocking, bounded: */
	set_rcvtimeo(c, WAIT_MS);
	return c;
}

static void recv_exact(int s, uint8_t *dst, size_t len)
{
	while (len > 0) {
		int n = net_recv(s, dst, len, 0);

		kt_assert_gt(n, 0);
		dst += n;
		len -= (size_t)n;
	}
}

static void send_all(int s, const uint8_t *src, size_t len)
{
	while (len > 0) {
		int n = net_send(s, src, len, 0);

		kt_assert_gt(n, 0);
		src += n;
		len -= (size_t)n;
	}
}

/* One echo connection: the length header, then @p len bytes checked
 * against pattern(@p seed) and sent back as they come, then the FIN. */
static void serve_echo(uint32_t len, unsigned int seed)
{
	int c = accept_from_host(echo_listener);
	uint8_t hdr[4];
	size_t got = 0;

	recv_exact(c, hdr, sizeof(hdr));
	kt_assert_eq(((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) |
		     ((uint32_t)hdr[2] << 8) | hdr[3], len);
	while (got < len) {
		int n = net_recv(c, buf, MIN(sizeof(buf), len - got), 0);

		kt_assert_gt(n, 0);
		for (int i = 0; i < n; i++) {
			kt_assert_eq(buf[i], pattern(got + (size_t)i, seed));
		}
		send_all(c, buf, (size_t)n);
		got += (size_t)n;
	}
	kt_assert_eq(net_recv(c, buf, 1, 0), 0); /* the host's FIN */
	kt_assert_eq(net_close(c), 0);
}

/* Needs no host: argument and state errors of listen and accept. */
KTEST(net_server, listen_and_accept_errors)
{
	struct net_sockaddr_in peer;
	net_socklen_t len = sizeof(peer);
	int t = net_socket(NET_AF_INET, NET_SOCK_STREAM, 0);
	int u = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);

	kt_assert_ge(t, 0);
	kt_assert_ge(u, 0);
	kt_assert_eq(net_accept(t, NULL, NULL), -EINVAL);      /* not listening */
	kt_assert_eq(net_listen(u, 1), -EOPNOTSUPP);
	kt_assert_eq(net_accept(echo_listener, sa(&peer), NULL), -EINVAL);
	kt_assert_eq(net_accept(echo_listener, NULL, &len), -EINVAL);
	kt_assert_eq(net_close(t), 0);
	kt_assert_eq(net_accept(t, NULL, NULL), -EBADF);
	kt_assert_eq(net_listen(t, 1), -EBADF);
}

KTEST(net_server, echo_connections)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		serve_echo(sizes[i], i);
	}
}

/* One byte from @p c, sent back after @p tag. */
static uint8_t echo_letter(int c, uint8_t tag)
{
	uint8_t in, out[2] = { tag, 0 };

	recv_exact(c, &in, 1);
	out[1] = in;
	send_all(c, out, sizeof(out));
	return in;
}

KTEST(net_server, backlog_limit)
{
	uint8_t go[2];
	int ctl, a, b, none;

	ctl = accept_from_host(echo_listener);
	recv_exact(ctl, go, sizeof(go));
	kt_assert_mem_eq(go, "go", 2);
	/* A has been waiting in the queue, B was refused room. */
	kt_assert_eq(net_fcntl(backlog_listener, NET_F_SETFL, NET_O_NONBLOCK), 0);
	a = accept_from_host(backlog_listener);
	none = net_accept(backlog_listener, NULL, NULL);
	kt_assert_eq(none, -EAGAIN);
	kt_assert_eq(net_fcntl(backlog_listener, NET_F_SETFL, 0), 0);
	b = accept_from_host(backlog_listener); /* B's SYN, retransmitted */
	kt_assert_eq(echo_letter(a, 'a'), 'A');
	kt_assert_eq(echo_letter(b, 'b'), 'B');
	send_all(ctl, (const uint8_t *)"ok", 2);
	kt_assert_eq(net_recv(ctl, go, 1, 0), 0);
	kt_assert_eq(net_close(a), 0);
	kt_assert_eq(net_close(b), 0);
	kt_assert_eq(net_close(ctl), 0);
}
