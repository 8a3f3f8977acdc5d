/* Frame builders for the malformed-input tests (RFC 791, 768, 793, 792,
 * 826 layouts; checksums computed here, independent of the stack). */
#include <string.h>

#include "frames.h"

static uint8_t dev_mac[ETH_ADDR_LEN];
static struct net_ipv4_addr dev_ip;
static const uint8_t gw_mac[ETH_ADDR_LEN] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const struct net_ipv4_addr gw_ip = { { 10, 0, 2, 2 } };

void frame_set_device(const uint8_t mac[ETH_ADDR_LEN], struct net_ipv4_addr ip)
{
	memcpy(dev_mac, mac, ETH_ADDR_LEN);
	dev_ip = ip;
}

void frame_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One's complement sum of @p len bytes, added to @p sum. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	}
	if (len & 1) {
		sum += (uint32_t)(p[len - 1] << 8);
	}
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16) {
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (uint16_t)~sum;
}

void frame_eth(struct frame *f, uint16_t type)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->b, dev_mac, ETH_ADDR_LEN);
	memcpy(f->b + ETH_ADDR_LEN, gw_mac, ETH_ADDR_LEN);
	frame_put16(f->b + 12, type);
	f->len = ETH_HDR_LEN;
}

void frame_ipv4_csum(struct frame *f)
{
	uint8_t *ip = f->b + FRAME_IP_OFF;
	size_t hlen = (size_t)(ip[0] & 0xf) * 4;

	frame_put16(ip + 10, 0);
	frame_put16(ip + 10, fold(sum16(0, ip, hlen)));
}

void frame_ipv4(struct frame *f, uint8_t proto, size_t payload_len,
		uint16_t id, uint16_t frag)
{
	uint8_t *ip = f->b + FRAME_IP_OFF;

	frame_eth(f, FRAME_ETHERTYPE_IPV4);
	ip[0] = 0x45;
	frame_put16(ip + 2, (uint16_t)(20 + payload_len));
	frame_put16(ip + 4, id);
	frame_put16(ip + 6, frag);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, gw_ip.b, 4);
	memcpy(ip + 16, dev_ip.b, 4);
	frame_ipv4_csum(f);
	f->len = FRAME_L4_OFF + payload_len;
}

/* The UDP/TCP checksum at @p csum_off of the transport header. */
static void l4_csum(struct frame *f, size_t csum_off)
{
	uint8_t *ip = f->b + FRAME_IP_OFF;
	uint8_t *l4 = f->b + FRAME_L4_OFF;
	size_t len = f->len - FRAME_L4_OFF;
	uint8_t pseudo[12];
	uint16_t c;

	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = ip[9];
	frame_put16(pseudo + 10, (uint16_t)len);
	frame_put16(l4 + csum_off, 0);
	c = fold(sum16(sum16(0, pseudo, sizeof(pseudo)), l4, len));
	frame_put16(l4 + csum_off, c == 0 && ip[9] == FRAME_PROTO_UDP ? 0xffff : c);
}

void frame_udp(struct frame *f, uint16_t sport, uint16_t dport,
	       const void *data, size_t len)
{
	uint8_t *udp = f->b + FRAME_L4_OFF;

	frame_ipv4(f, FRAME_PROTO_UDP, 8 + len, 0x5001, 0);
	frame_put16(udp, sport);
	frame_put16(udp + 2, dport);
	frame_put16(udp + 4, (uint16_t)(8 + len));
	memcpy(udp + 8, data, len);
	l4_csum(f, 6);
}

void frame_tcp(struct frame *f, uint16_t sport, uint16_t dport, uint8_t flags)
{
	uint8_t *tcp = f->b + FRAME_L4_OFF;

	frame_ipv4(f, FRAME_PROTO_TCP, 20, 0x5002, 0);
	frame_put16(tcp, sport);
	frame_put16(tcp + 2, dport);
	frame_put16(tcp + 4, 0x1234); /* sequence number */
	tcp[12] = 5 << 4;             /* data offset: 20 bytes */
	tcp[13] = flags;
	frame_put16(tcp + 14, 4096);  /* window */
	l4_csum(f, 16);
}

void frame_icmp_echo(struct frame *f, size_t len)
{
	uint8_t *icmp = f->b + FRAME_L4_OFF;

	frame_ipv4(f, FRAME_PROTO_ICMP, 8 + len, 0x5003, 0);
	icmp[0] = 8; /* echo request */
	frame_put16(icmp + 4, 0x4b54);
	frame_put16(icmp + 6, 1);
	for (size_t i = 0; i < len; i++) {
		icmp[8 + i] = (uint8_t)i;
	}
	frame_put16(icmp + 2, fold(sum16(0, icmp, 8 + len)));
}

void frame_arp_request(struct frame *f)
{
	uint8_t *arp = f->b + ETH_HDR_LEN;

	frame_eth(f, FRAME_ETHERTYPE_ARP);
	memset(f->b, 0xff, ETH_ADDR_LEN); /* broadcast */
	frame_put16(arp, 1);              /* Ethernet */
	frame_put16(arp + 2, FRAME_ETHERTYPE_IPV4);
	arp[4] = ETH_ADDR_LEN;
	arp[5] = 4;
	frame_put16(arp + 6, 1);          /* request */
	memcpy(arp + 8, gw_mac, ETH_ADDR_LEN);
	memcpy(arp + 14, gw_ip.b, 4);
	memcpy(arp + 24, dev_ip.b, 4);
	f->len = ETH_HDR_LEN + 28;
}
