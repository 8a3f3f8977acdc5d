/*
 * Hand-built frames for the Ethernet driver test: ARP request, DHCPDISCOVER
 * (Ethernet + IPv4 + UDP + BOOTP, checksums computed here), and checks of
 * slirp's answers. No IP stack.
 */
#ifndef TEST_ETH_FRAMES_H
#define TEST_ETH_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/drivers/ethernet.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP  0x0806
#define ARP_FRAME_LEN  42 /* 14 + 28: below the 60-byte minimum */
#define DHCP_FRAME_LEN 590 /* 14 + 20 + 8 + 548 */

/* Offsets in an Ethernet frame carrying IPv4/UDP/BOOTP */
#define OFF_IP     ETH_HDR_LEN
#define OFF_UDP    (OFF_IP + 20)
#define OFF_BOOTP  (OFF_UDP + 8)
#define OFF_YIADDR (OFF_BOOTP + 16)
#define OFF_CHADDR (OFF_BOOTP + 28)
#define OFF_OPTS   (OFF_BOOTP + 240) /* after the magic cookie */

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/** Fill @p f with an ARP request "who has @p target_ip, tell @p sender_ip". */
size_t frame_arp_request(uint8_t *f, const uint8_t mac[ETH_ADDR_LEN],
			 uint32_t sender_ip, uint32_t target_ip);

/** Fill @p f with a broadcast DHCPDISCOVER of transaction @p xid. */
size_t frame_dhcp_discover(uint8_t *f, const uint8_t mac[ETH_ADDR_LEN],
			   uint32_t xid);

/** true when @p f is an ARP reply sent by @p ip. */
bool frame_is_arp_reply_from(const uint8_t *f, size_t len, uint32_t ip);

/** true when @p f is a BOOTP reply (UDP 67 -> 68) of transaction @p xid. */
bool frame_is_bootp_reply(const uint8_t *f, size_t len, uint32_t xid);

/** Value of DHCP option @p code's first byte, or -1 when it is absent. */
int frame_dhcp_option(const uint8_t *f, size_t len, uint8_t code);

/** Internet checksum (RFC 1071) of @p len bytes, folded, complemented. */
uint16_t frame_inet_checksum(const uint8_t *p, size_t len, uint32_t sum);

#endif
