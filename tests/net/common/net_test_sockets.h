/* Socket helpers shared by the network tests (need CONFIG_NET_SOCKETS). */
#ifndef NET_TEST_SOCKETS_H
#define NET_TEST_SOCKETS_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/socket.h>

/** Bytes sent before they are taken back in net_test_tcp_echo(). */
#define NET_TEST_ECHO_CHUNK 4096

/** Receive exactly @p len bytes into @p buf (fails the case otherwise). */
void net_test_recv_all(int s, uint8_t *buf, size_t len);

/**
 * Echo @p len bytes of @p tx through the connected TCP socket @p s in
 * lock-step chunks (send one, take it back into @p rx), so no buffer on
 * the way needs to hold more than a chunk; check them byte for byte, then
 * half-close, expect the peer's FIN and close @p s.
 */
void net_test_tcp_echo(int s, const uint8_t *tx, uint8_t *rx, size_t len);

/**
 * Send @p len bytes of @p tx as one datagram to @p to and expect them
 * back byte for byte in @p rx (room for @p len + 1 bytes, so a longer
 * answer shows), sending again up to three times should one be lost
 * (the socket needs a receive timeout); the sender's address goes to
 * @p from / @p fromlen for the caller to check.
 */
void net_test_udp_echo(int s, const struct net_sockaddr *to, net_socklen_t tolen,
		       const uint8_t *tx, uint8_t *rx, size_t len,
		       struct net_sockaddr_storage *from, net_socklen_t *fromlen);

#endif
