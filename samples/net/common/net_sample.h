/* Shared by the samples of samples/net/. */
#ifndef NET_SAMPLE_H
#define NET_SAMPLE_H

#include <kestrel/net/net_if.h>

/**
 * Bring the first interface up and wait (up to 10 s) for its DHCP
 * address, printed as "@p name: address A.B.C.D".
 * @return the interface, or NULL on failure (the reason is printed)
 */
struct net_if *net_sample_dhcp(const char *name);

#endif
