/*
 * LAN9118 in loopback (PHY basic control bit 14: QEMU and the chip hand
 * each sent frame straight back to the receiver). Checks the FIFO data
 * path byte for byte at every word alignment, frames dropped for a small
 * buffer leave the next one intact, and a frame the device flags bad
 * (address filter failed, let through by MAC_CR.RXALL) is dropped and
 * counted in rx_errors. The test drives MAC_CR and the PHY itself,
 * through the same indirect registers the driver uses. It also prints
 * the instructions one frame costs through eth_send() and eth_recv()
 * (figures, not checks; instruction counts under kt test's -icount).
 */
#include <string.h>

#include <kestrel/bench.h>
#include <kestrel/drivers/ethernet.h>
#include <kestrel/irq.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#include "ethernet/eth_lan9118.h"

#define MAC_CSR_CMD  0xa4
#define MAC_CSR_DATA 0xa8
#define CSR_BUSY     (1u << 31)
#define CSR_READ     (1u << 30)
#define MAC_CR       1
#define MAC_MII_ACC  6
#define MAC_MII_DATA 7
#define MAC_CR_RXALL (1u << 31)
#define PHY_BCR_LOOPBACK (1u << 14)
#define PHY_BCR_ANEG 0x1200u
#define ETH_MIN_PADDED 60

static const struct device *eth;
static uintptr_t base;
static uint8_t tx[ETH_FRAME_MAX], rx[ETH_FRAME_MAX];
static uint8_t mac[ETH_ADDR_LEN];

static uint32_t mac_csr(uint32_t reg, bool write, uint32_t v)
{
	volatile uint32_t *cmd = (volatile uint32_t *)(base + MAC_CSR_CMD);
	volatile uint32_t *data = (volatile uint32_t *)(base + MAC_CSR_DATA);
	unsigned int key = irq_lock();

	if (write) {
		*data = v;
	}
	*cmd = CSR_BUSY | (write ? 0 : CSR_READ) | reg;
	while (*cmd & CSR_BUSY) {
	}
	v = *data;
	irq_unlock(key);
	return v;
}

static void phy_bcr_write(uint16_t v)
{
	(void)mac_csr(MAC_MII_DATA, true, v);
	(void)mac_csr(MAC_MII_ACC, true, (1u << 11) | 2u | 1u); /* PHY 1, reg 0 */
}

/* A frame to @p dst from us, @p len bytes, payload a counting pattern. */
static void make_frame(const uint8_t *dst, size_t len, uint8_t seed)
{
	memcpy(tx, dst, ETH_ADDR_LEN);
	memcpy(tx + ETH_ADDR_LEN, mac, ETH_ADDR_LEN);
	tx[12] = 0x88;  /* local experimental EtherType 0x88b5 */
	tx[13] = 0xb5;
	for (size_t i = ETH_HDR_LEN; i < len; i++) {
		tx[i] = (uint8_t)(seed + i * 7u);
	}
}

static void *setup(void)
{
	eth = device_get_binding("eth0");
	if (eth != NULL) {
		base = ((const struct eth_lan9118_config *)eth->config)->base;
	}
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	kt_assert_not_null(eth);
	kt_assert_eq(eth_start(eth), 0);
	kt_assert_eq(eth_get_mac(eth, mac), 0);
	phy_bcr_write(PHY_BCR_LOOPBACK | PHY_BCR_ANEG);
	while (eth_recv(eth, rx, sizeof(rx)) >= 0) {
	}
}

static void after(void *fixture)
{
	(void)fixture;
	phy_bcr_write(PHY_BCR_ANEG);
	(void)eth_stop(eth); /* the next start sets MAC_CR again */
}

KTEST_SUITE(lan9118, setup, before, after, NULL);

KTEST(lan9118, loopback_frames_come_back_byte_for_byte)
{
	static const size_t lens[] = { 14, 15, 16, 17, 18, 59, 60, 61, 63,
				       64, 65, 1000, 1511, 1512, 1513, 1514 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		/* shorter frames come back padded to 60 bytes with zeros */
		size_t back = lens[i] < ETH_MIN_PADDED ? ETH_MIN_PADDED : lens[i];

		make_frame(mac, lens[i], (uint8_t)i);
		memset(tx + lens[i], 0, back - lens[i]);
		kt_assert_eq(eth_send(eth, tx, lens[i]), 0);
		memset(rx, 0xee, sizeof(rx));
		kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), (int)back);
		kt_assert_mem_eq(rx, tx, back);
		if (back < sizeof(rx)) {
			kt_assert_eq(rx[back], 0xee); /* nothing written beyond */
		}
	}
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), -EAGAIN);
}

KTEST(lan9118, frame_after_a_dropped_one_is_intact)
{
	struct eth_stats a, b;

	kt_assert_eq(eth_get_stats(eth, &a), 0);
	make_frame(mac, 301, 1);       /* 301 + FCS: not a whole word */
	kt_assert_eq(eth_send(eth, tx, 301), 0);
	make_frame(mac, 97, 2);
	kt_assert_eq(eth_send(eth, tx, 97), 0);
	kt_assert_eq(eth_recv(eth, rx, 100), -EMSGSIZE);
	kt_assert_eq(eth_recv(eth, rx, 100), 97);
	kt_assert_mem_eq(rx, tx, 97);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), -EAGAIN);
	kt_assert_eq(eth_get_stats(eth, &b), 0);
	kt_assert_eq(b.rx_dropped, a.rx_dropped + 1);
	kt_assert_eq(b.rx_frames, a.rx_frames + 1);
	kt_assert_eq(b.rx_bytes, a.rx_bytes + 97);
}

KTEST(lan9118, frame_flagged_bad_is_dropped_and_counted)
{
	static const uint8_t other[ETH_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0x99 };
	struct eth_stats a, b;
	uint32_t cr = mac_csr(MAC_CR, false, 0);

	(void)mac_csr(MAC_CR, true, cr | MAC_CR_RXALL);
	kt_assert_eq(eth_get_stats(eth, &a), 0);
	make_frame(other, 80, 3);      /* fails the address filter */
	kt_assert_eq(eth_send(eth, tx, 80), 0);
	make_frame(mac, 81, 4);        /* passes it */
	kt_assert_eq(eth_send(eth, tx, 81), 0);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), 81);
	kt_assert_mem_eq(rx, tx, 81);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), -EAGAIN);
	kt_assert_eq(eth_get_stats(eth, &b), 0);
	kt_assert_eq(b.rx_errors, a.rx_errors + 1);
	kt_assert_eq(b.rx_frames, a.rx_frames + 1);
	kt_assert_eq(b.rx_dropped, a.rx_dropped);
}

KTEST(lan9118, frames_for_other_stations_are_filtered)
{
	static const uint8_t other[ETH_ADDR_LEN] = { 0x02, 0, 0, 0, 0, 0x98 };
	static const uint8_t bcast[ETH_ADDR_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};

	make_frame(other, 64, 5);
	kt_assert_eq(eth_send(eth, tx, 64), 0);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), -EAGAIN);
	make_frame(bcast, 64, 6);
	kt_assert_eq(eth_send(eth, tx, 64), 0);
	kt_assert_eq(eth_recv(eth, rx, sizeof(rx)), 64);
	kt_assert_mem_eq(rx, tx, 64);
}

/* Figures, not a check: the driver's cost per frame, out and back in. */
KTEST(lan9118, print_instructions_per_frame)
{
	static const size_t lens[] = { 60, 1514 };
	static const char *const names[] = { "lan9118_send_recv_60",
					     "lan9118_send_recv_1514" };

	for (size_t i = 0; i < 2; i++) {
		make_frame(mac, lens[i], 7);
		bench_start();
		for (int n = 0; n < 32; n++) {
			(void)eth_send(eth, tx, lens[i]);
			(void)eth_recv(eth, rx, sizeof(rx));
		}
		bench_stop(names[i], 32);
		kt_assert_mem_eq(rx, tx, lens[i]);
	}
}
