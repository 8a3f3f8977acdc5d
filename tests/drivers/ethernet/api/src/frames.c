/*
 * Frame builders and parsers of the Ethernet driver test (see frames.h).
 */
#include <string.h>

#include "frames.h"

#define BOOTP_LEN 548 /* 236 fixed + 4 cookie + 308 options */
#define UDP_LEN (8 + BOOTP_LEN)
#define IP_LEN (20 + UDP_LEN)

static const uint8_t broadcast[ETH_ADDR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	return put16(put16(p, (uint16_t)(v >> 16)), (uint16_t)v);
}

static uint8_t *put_eth(uint8_t *f, const uint8_t *dst,
			const uint8_t mac[ETH_ADDR_LEN], uint16_t type)
{
	memcpy(f, dst, ETH_ADDR_LEN);
	memcpy(f + ETH_ADDR_LEN, mac, ETH_ADDR_LEN);
	return put16(f + 2 * ETH_ADDR_LEN, type);
}

uint16_t frame_inet_checksum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += get16(p + i);
	}
	if (len & 1) {
		sum += (uint32_t)p[len - 1] << 8;
	}
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

size_t frame_arp_request(uint8_t *f, const uint8_t mac[ETH_ADDR_LEN],
			 uint32_t sender_ip, uint32_t target_ip)
{
	uint8_t *p = put_eth(f, broadcast, mac, ETHERTYPE_ARP);

	p = put16(p, 1);              /* hardware: Ethernet */
	p = put16(p, ETHERTYPE_IPV4); /* protocol: IPv4 */
	*p++ = ETH_ADDR_LEN;
	*p++ = 4;
	p = put16(p, 1);              /* request */
	memcpy(p, mac, ETH_ADDR_LEN);
	p = put32(p + ETH_ADDR_LEN, sender_ip);
	memset(p, 0, ETH_ADDR_LEN);
	p = put32(p + ETH_ADDR_LEN, target_ip);
	return (size_t)(p - f);
}

static void put_ipv4_udp_header(uint8_t *f)
{
	uint8_t *ip = f + OFF_IP, *udp = f + OFF_UDP;

	ip[0] = 0x45;                 /* version 4, 5 words */
	ip[1] = 0;
	put16(ip + 2, IP_LEN);
	put16(ip + 4, 0x4b54);        /* identification */
	put16(ip + 6, 0);             /* no fragments */
	ip[8] = 64;                   /* TTL */
	ip[9] = 17;                   /* UDP */
	put16(ip + 10, 0);
	put32(ip + 12, 0);            /* 0.0.0.0 */
	put32(ip + 16, 0xffffffffu);  /* 255.255.255.255 */
	put16(ip + 10, frame_inet_checksum(ip, 20, 0));

	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, UDP_LEN);
	put16(udp + 6, 0);
	/* pseudo header: addresses (0 + 0xffff + 0xffff), protocol, length */
	uint16_t sum = frame_inet_checksum(udp, UDP_LEN,
					   0xffffu + 0xffffu + 17u + UDP_LEN);

	put16(udp + 6, sum == 0 ? 0xffff : sum);
}

size_t frame_dhcp_discover(uint8_t *f, const uint8_t mac[ETH_ADDR_LEN],
			   uint32_t xid)
{
	uint8_t *b = f + OFF_BOOTP;

	memset(f, 0, DHCP_FRAME_LEN);
	put_eth(f, broadcast, mac, ETHERTYPE_IPV4);
	b[0] = 1;                     /* BOOTREQUEST */
	b[1] = 1;                     /* Ethernet */
	b[2] = ETH_ADDR_LEN;
	put32(b + 4, xid);
	put16(b + 10, 0x8000);        /* reply by broadcast */
	memcpy(f + OFF_CHADDR, mac, ETH_ADDR_LEN);
	uint8_t *o = put32(b + 236, 0x63825363); /* magic cookie */

	*o++ = 53; *o++ = 1; *o++ = 1; /* DHCP message type: DISCOVER */
	*o++ = 55; *o++ = 2; *o++ = 1; *o++ = 3; /* want: mask, router */
	*o = 255;
	put_ipv4_udp_header(f);
	return DHCP_FRAME_LEN;
}

bool frame_is_arp_reply_from(const uint8_t *f, size_t len, uint32_t ip)
{
	return len >= ARP_FRAME_LEN && get16(f + 12) == ETHERTYPE_ARP &&
	       get16(f + 20) == 2 && get32(f + 28) == ip;
}

bool frame_is_bootp_reply(const uint8_t *f, size_t len, uint32_t xid)
{
	return len >= OFF_OPTS && get16(f + 12) == ETHERTYPE_IPV4 &&
	       f[OFF_IP + 9] == 17 && get16(f + OFF_UDP) == 67 &&
	       get16(f + OFF_UDP + 2) == 68 && f[OFF_BOOTP] == 2 &&
	       get32(f + OFF_BOOTP + 4) == xid;
}

int frame_dhcp_option(const uint8_t *f, size_t len, uint8_t code)
{
	size_t i = OFF_OPTS;

	while (i < len && f[i] != 255) {
		if (f[i] == 0) {      /* pad */
			i++;
			continue;
		}
		if (i + 2 >= len || i + 2 + f[i + 1] > len) {
			return -1;
		}
		if (f[i] == code && f[i + 1] > 0) {
			return f[i + 2];
		}
		i += 2u + f[i + 1];
	}
	return -1;
}
