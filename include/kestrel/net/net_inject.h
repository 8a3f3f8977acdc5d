/*
 * Test hook (CONFIG_NET_TEST_INJECT, off by default): deliver a frame into
 * an interface's receive path as if its Ethernet driver had received it.
 *
 * The frame takes the path of every received frame: the interface's
 * receive thread copies it into a pool buffer in place of an eth_recv()
 * (subsys/net/lwip/net_eth.c) and posts it to the tcpip thread, where the
 * stack parses, counts and drops or delivers it. Nothing checks or fixes
 * the frame on the way: it may be anything from 1 byte to ETH_FRAME_MAX,
 * also shorter than the ETH_FRAME_MIN a well-behaved driver hands on.
 * The driver's own counters (struct eth_stats) do not see it.
 *
 * For tests of malformed input (tests/net/malformed); never in a product
 * image.
 */
#ifndef KESTREL_NET_NET_INJECT_H
#define KESTREL_NET_NET_INJECT_H

#include <stddef.h>

#include <kestrel/net/net_if.h>

/**
 * Deliver @p len bytes at @p frame (destination MAC first, no FCS) to
 * @p iface's receive path, and wait until the stack has handled it: when
 * this returns, the frame was parsed and dropped or delivered (to a
 * socket's queue, a reply sent ...) and net_stats_get() shows it.
 * @retval 0 handed to the stack
 * @retval -EINVAL NULL argument, or @p len 0 or above ETH_FRAME_MAX
 * @retval -ENETDOWN @p iface is down (a stopped driver receives nothing)
 * @retval -ENOBUFS the stack had no buffer: the frame was dropped as a
 *         driver's would be (link.mem_err)
 * @retval -ENOMEM no message to the tcpip thread for the wait
 * Thread context; not from the tcpip thread or a network callback.
 */
int net_inject_rx(struct net_if *iface, const void *frame, size_t len);

#endif /* KESTREL_NET_NET_INJECT_H */
