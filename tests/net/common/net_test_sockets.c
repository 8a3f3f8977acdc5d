/* Socket helpers shared by tests/net/sockets and tests/net/ipv6. */
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/socket.h>

#include "net_test_sockets.h"

void net_test_recv_all(int s, uint8_t *buf, size_t len)
{
	while (len > 0) {
		int n = net_recv(s, buf, len, 0);

		kt_assert_gt(n, 0);
		buf += n;
		len -= (size_t)n;
	}
}

void net_test_tcp_echo(int s, const uint8_t *tx, uint8_t *rx, size_t len)
{
	size_t done = 0;

	memset(rx, 0, len);
	while (done < len) {
		size_t chunk = MIN(len - done, (size_t)NET_TEST_ECHO_CHUNK);
		size_t sent = 0;

		while (sent < chunk) {
			int n = net_send(s, tx + done + sent, chunk - sent, 0);

			kt_assert_gt(n, 0);
			sent += (size_t)n;
		}
		net_test_recv_all(s, rx + done, chunk);
		done += chunk;
	}
	kt_assert_mem_eq(rx, tx, len);
	kt_assert_eq(net_shutdown(s, NET_SHUT_WR), 0);
	kt_assert_eq(net_recv(s, rx, 1, 0), 0);
	kt_assert_eq(net_close(s), 0);
}

void net_test_udp_echo(int s, const struct net_sockaddr *to, net_socklen_t tolen,
		       const uint8_t *tx, uint8_t *rx, size_t len,
		       struct net_sockaddr_storage *from, net_socklen_t *fromlen)
{
	int n = -EAGAIN;

	for (int tries = 0; tries < 3 && n == -EAGAIN; tries++) {
		kt_assert_eq(net_sendto(s, tx, len, 0, to, tolen), (int)len);
		memset(rx, 0, len);
		*fromlen = sizeof(*from);
		n = net_recvfrom(s, rx, len + 1, 0, (struct net_sockaddr *)from,
				 fromlen);
	}
	kt_assert_eq(n, (int)len);
	kt_assert_mem_eq(rx, tx, len);
}
