/* Helpers shared by the network tests (tests/net/). */
#ifndef NET_TEST_H
#define NET_TEST_H

#include <kestrel/net/net_if.h>

/** Longest wait for a DHCP lease (slirp answers in milliseconds). */
#define NET_TEST_DHCP_TIMEOUT K_SECONDS(10)

/** The first interface up with a DHCP address; NULL on failure (printed).
 *  Idempotent: returns at once when it already has its address. */
struct net_if *net_test_iface_dhcp(void);

#endif
