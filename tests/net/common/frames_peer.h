/*
 * The frames network's host peer (scripts/ktlib/frames_peer.py), as the
 * tests see it: a fake DHCP server with short leases on 198.51.100.0/24,
 * told what to do by UDP text requests (tests/net/README.md). The numbers
 * are checked against frames_peer.py by a host test
 * (scripts/tests/test_frames_peer.py).
 */
#ifndef FRAMES_PEER_H
#define FRAMES_PEER_H

#include <stddef.h>

#include <kestrel/net/net_if.h>

#define FRAMES_PEER_SERVER_IP 198, 51, 100, 1   /* also router and DNS */
#define FRAMES_PEER_POOL_FIRST 198, 51, 100, 100 /* the first client's address */
#define FRAMES_PEER_NETMASK 255, 255, 255, 0
#define FRAMES_PEER_LEASE_S 6
#define FRAMES_PEER_T1_S 3
#define FRAMES_PEER_T2_S 5
#define FRAMES_PEER_CTL_PORT 6767
#define FRAMES_PEER_ECHO_PORT 7

/**
 * Send @p request ("mode norenew", "stats", ...) to the peer and copy its
 * one-line answer (NUL-terminated) into @p answer. Retries a lost request.
 * @retval 0 answered
 * @retval negative errno: no answer (the interface has no address, or no
 *         peer), or a socket error
 */
int frames_peer_request(const char *request, char *answer, size_t size);

/** The peer's count @p name ("renew", ...) from a "stats" answer; -1 when
 *  the request failed or the count is missing (printed). */
int frames_peer_count(const char *name);

/** 0 when the peer answered "ok" to @p request, else negative (printed). */
int frames_peer_tell(const char *request);

#endif
