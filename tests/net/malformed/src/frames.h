/* Frames for the malformed-input tests: built valid, then broken. */
#ifndef TEST_NET_MALFORMED_FRAMES_H
#define TEST_NET_MALFORMED_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/drivers/ethernet.h>
#include <kestrel/net/net_ip.h>

#define FRAME_IP_OFF ETH_HDR_LEN          /* IPv4 header in the frame */
#define FRAME_L4_OFF (ETH_HDR_LEN + 20)   /* UDP/TCP/ICMP header */
#define FRAME_ETHERTYPE_IPV4 0x0800
#define FRAME_ETHERTYPE_ARP 0x0806
#define FRAME_PROTO_ICMP 1
#define FRAME_PROTO_TCP 6
#define FRAME_PROTO_UDP 17

struct frame {
	uint8_t b[ETH_FRAME_MAX];
	size_t len;
};

/** Addresses every frame uses: to @p mac / @p ip (the device) from the
 *  gateway 10.0.2.2. */
void frame_set_device(const uint8_t mac[ETH_ADDR_LEN], struct net_ipv4_addr ip);

void frame_put16(uint8_t *p, uint16_t v);

/** An Ethernet header of @p type; len = 14. */
void frame_eth(struct frame *f, uint16_t type);

/** Ethernet + a 20-byte IPv4 header for @p payload_len bytes of @p proto
 *  (payload zeroed), id @p id, fragment field @p frag (flags|offset/8),
 *  header checksum right. */
void frame_ipv4(struct frame *f, uint8_t proto, size_t payload_len,
		uint16_t id, uint16_t frag);

/** Recompute the IPv4 header checksum (after editing the header). */
void frame_ipv4_csum(struct frame *f);

/** A UDP datagram @p sport -> @p dport carrying @p data, checksums right. */
void frame_udp(struct frame *f, uint16_t sport, uint16_t dport,
	       const void *data, size_t len);

/** A TCP segment (flags @p flags, no options, no data), checksums right. */
void frame_tcp(struct frame *f, uint16_t sport, uint16_t dport, uint8_t flags);

/** An ICMP echo request with @p len data bytes, checksums right. */
void frame_icmp_echo(struct frame *f, size_t len);

/** A whole ARP request for the device's address from the gateway. */
void frame_arp_request(struct frame *f);

#endif
