/*
 * SMSC LAN9118 (see eth_lan9118.h). Register map and behaviour as in the
 * LAN9118 datasheet and QEMU's hw/net/lan9118.c, which aborts on a read
 * of a register it does not model: only the registers below are touched.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include "eth_lan9118.h"

/* System control and status registers (offsets) */
#define LAN_RX_DATA     0x00 /* RX data FIFO port (0x00-0x1c) */
#define LAN_TX_DATA     0x20 /* TX data FIFO port (0x20-0x3c) */
#define LAN_RX_STATUS   0x40 /* RX status FIFO port (pops) */
#define LAN_TX_STATUS   0x48 /* TX status FIFO port (pops) */
#define LAN_ID_REV      0x50
#define LAN_IRQ_CFG     0x54
#define LAN_INT_STS     0x58
#define LAN_INT_EN      0x5c
#define LAN_BYTE_TEST   0x64
#define LAN_FIFO_INT    0x68
#define LAN_RX_CFG      0x6c
#define LAN_TX_CFG      0x70
#define LAN_HW_CFG      0x74
#define LAN_RX_FIFO_INF 0x7c
#define LAN_TX_FIFO_INF 0x80
#define LAN_PMT_CTRL    0x84
#define LAN_RX_DROP     0xa0 /* frames lost to a full RX FIFO; clears on read */
#define LAN_MAC_CSR_CMD 0xa4
#define LAN_MAC_CSR_DATA 0xa8

#define BYTE_TEST_VALUE 0x87654321u
#define HW_CFG_SRST     (1u << 0)
#define PMT_CTRL_READY  (1u << 0)
/* IRQ_CFG: enable the output, active high, push-pull */
#define IRQ_CFG_EN      (1u << 8)
#define IRQ_CFG_POL     (1u << 4)
#define IRQ_CFG_TYPE    (1u << 0)
#define INT_RSFL        (1u << 3) /* RX status FIFO above FIFO_INT level */
#define RX_CFG_DUMP     (1u << 15)
#define TX_CFG_ON       (1u << 1)
#define TX_CFG_SAO      (1u << 2) /* status FIFO may overrun */
#define TX_CFG_DUMP     (3u << 14) /* TX status and data FIFOs */

/* RX_FIFO_INF: used status entries; TX_FIFO_INF: used status, free data */
#define RX_STATUS_USED(inf) (((inf) >> 16) & 0xffu)
#define TX_STATUS_USED(inf) (((inf) >> 16) & 0xffu)
#define TX_DATA_FREE(inf)   ((inf) & 0xffffu)

/* RX status word */
#define RXS_FILTER_FAIL (1u << 30)
#define RXS_LENGTH(s)   (((s) >> 16) & 0x3fffu) /* with the 4-byte FCS */
#define RXS_ERROR       (1u << 15) /* CRC, runt, too long, collision, MII */
#define RXS_LENGTH_ERR  (1u << 12)
#define RXS_BAD         (RXS_FILTER_FAIL | RXS_ERROR | RXS_LENGTH_ERR)
#define FCS_LEN         4u

/* TX command A/B and status */
#define TXA_FIRST_SEG   (1u << 13)
#define TXA_LAST_SEG    (1u << 12)
#define TXB_TAG(t)      ((uint32_t)(t) << 16)
#define TXS_ERROR       (1u << 15)

/* MAC CSRs (indirect, through MAC_CSR_CMD/DATA) */
#define MAC_CSR_BUSY    (1u << 31)
#define MAC_CSR_READ    (1u << 30)
#define MAC_CR          1
#define MAC_ADDRH       2
#define MAC_ADDRL       3
#define MAC_MII_ACC     6
#define MAC_MII_DATA    7
#define MAC_CR_FDPX     (1u << 20)
#define MAC_CR_MCPAS    (1u << 19) /* pass all multicast */
#define MAC_CR_TXEN     (1u << 3)
#define MAC_CR_RXEN     (1u << 2)
#define MAC_CR_RUN      (MAC_CR_FDPX | MAC_CR_MCPAS | MAC_CR_TXEN | MAC_CR_RXEN)

/* Internal PHY (address 1), through MAC MII_ACC/MII_DATA */
#define MII_PHY_ADDR    1u
#define MII_BUSY        (1u << 0)
#define MII_WRITE       (1u << 1)
#define MII_ACC(reg)    ((MII_PHY_ADDR << 11) | ((uint32_t)(reg) << 6))
#define PHY_BCR         0
#define PHY_BSR         1
#define PHY_BCR_ANEG    0x1200u /* auto-negotiation on, restart */
#define PHY_BSR_LINK    (1u << 2)

#define POLL_LIMIT      100000

_Static_assert(offsetof(struct eth_lan9118_data, common) == 0,
	       "struct eth_common must come first (eth_common.h)");

#ifdef CONFIG_ARCH_ARM
#include <kestrel/arch/arm/cmsis.h>
/* The IRQ output idles asserted after reset (active low, open drain), so
 * the NVIC has latched the line pending before the driver configured it. */
static void clear_latched_irq(unsigned int irq)
{
	NVIC_ICPR(irq / 32u) = 1u << (irq % 32u);
}
#else
static void clear_latched_irq(unsigned int irq)
{
	(void)irq;
}
#endif

static inline uint32_t rd(const struct device *dev, uint32_t off)
{
	const struct eth_lan9118_config *cfg = dev->config;

	return *(volatile uint32_t *)(cfg->base + off);
}

static inline void wr(const struct device *dev, uint32_t off, uint32_t v)
{
	const struct eth_lan9118_config *cfg = dev->config;

	*(volatile uint32_t *)(cfg->base + off) = v;
}

static int poll_clear(const struct device *dev, uint32_t off, uint32_t bit)
{
	for (int i = 0; i < POLL_LIMIT; i++) {
		if (!(rd(dev, off) & bit)) {
			return 0;
		}
	}
	return -EIO;
}

/* MAC CSR access; callers hold irq_lock() (the CSR port is shared). */
static uint32_t mac_read(const struct device *dev, uint32_t reg)
{
	(void)poll_clear(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY);
	wr(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY | MAC_CSR_READ | reg);
	(void)poll_clear(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY);
	return rd(dev, LAN_MAC_CSR_DATA);
}

static void mac_write(const struct device *dev, uint32_t reg, uint32_t v)
{
	(void)poll_clear(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY);
	wr(dev, LAN_MAC_CSR_DATA, v);
	wr(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY | reg);
	(void)poll_clear(dev, LAN_MAC_CSR_CMD, MAC_CSR_BUSY);
}

static void mii_wait(const struct device *dev)
{
	for (int i = 0; i < POLL_LIMIT; i++) {
		if (!(mac_read(dev, MAC_MII_ACC) & MII_BUSY)) {
			return;
		}
	}
}

static uint16_t phy_read(const struct device *dev, uint32_t reg)
{
	unsigned int key = irq_lock();

	mii_wait(dev);
	mac_write(dev, MAC_MII_ACC, MII_ACC(reg) | MII_BUSY);
	mii_wait(dev);
	uint16_t v = (uint16_t)mac_read(dev, MAC_MII_DATA);

	irq_unlock(key);
	return v;
}

static void phy_write(const struct device *dev, uint32_t reg, uint16_t v)
{
	unsigned int key = irq_lock();

	mii_wait(dev);
	mac_write(dev, MAC_MII_DATA, v);
	mac_write(dev, MAC_MII_ACC, MII_ACC(reg) | MII_WRITE | MII_BUSY);
	mii_wait(dev);
	irq_unlock(key);
}

static void set_mac_cr(const struct device *dev, uint32_t v)
{
	unsigned int key = irq_lock();

	mac_write(dev, MAC_CR, v);
	irq_unlock(key);
}

static void lan9118_isr(const void *arg)
{
	const struct device *dev = arg;
	uint32_t pending = rd(dev, LAN_INT_STS) & rd(dev, LAN_INT_EN);

	if (pending & INT_RSFL) {
		/* Masked until eth_recv() has emptied the FIFO. */
		wr(dev, LAN_INT_EN, 0);
		wr(dev, LAN_INT_STS, INT_RSFL);
		eth_common_notify_rx(dev);
	}
}

static int lan9118_start(const struct device *dev)
{
	struct eth_lan9118_data *d = dev->data;

	if (d->common.started) {
		return 0;
	}
	wr(dev, LAN_RX_CFG, RX_CFG_DUMP);
	wr(dev, LAN_TX_CFG, TX_CFG_DUMP);
	wr(dev, LAN_TX_CFG, TX_CFG_ON | TX_CFG_SAO);
	wr(dev, LAN_FIFO_INT, 0); /* RSFL as soon as one frame is in */
	phy_write(dev, PHY_BCR, PHY_BCR_ANEG);
	set_mac_cr(dev, MAC_CR_RUN);
	d->common.started = true;
	wr(dev, LAN_INT_STS, INT_RSFL);
	wr(dev, LAN_INT_EN, INT_RSFL);
	return 0;
}

static int lan9118_stop(const struct device *dev)
{
	struct eth_lan9118_data *d = dev->data;

	wr(dev, LAN_INT_EN, 0);
	set_mac_cr(dev, 0);
	d->common.started = false;
	wr(dev, LAN_RX_CFG, RX_CFG_DUMP);
	wr(dev, LAN_INT_STS, INT_RSFL);
	return 0;
}

static inline volatile uint32_t *fifo_port(const struct device *dev,
					   uint32_t off)
{
	const struct eth_lan9118_config *cfg = dev->config;

	return (volatile uint32_t *)(cfg->base + off);
}

/* The FIFOs hold frame bytes in little-endian word order: whole words are
 * copied as they are, on the little-endian CPUs Kestrel runs on. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "the FIFO copies assume a little-endian CPU");

static void write_frame(const struct device *dev, const uint8_t *frame,
			size_t len, uint32_t tag)
{
	volatile uint32_t *fifo = fifo_port(dev, LAN_TX_DATA);
	size_t whole = len & ~(size_t)3;
	uint32_t w = 0;

	*fifo = TXA_FIRST_SEG | TXA_LAST_SEG | (uint32_t)len;
	*fifo = TXB_TAG(tag) | (uint32_t)len;
	for (size_t i = 0; i < whole; i += 4) {
		memcpy(&w, frame + i, 4);
		*fifo = w;
	}
	if (whole < len) {
		w = 0;
		memcpy(&w, frame + whole, len - whole);
		*fifo = w;
	}
}

/* Pop the TX status of every frame sent so far; count the failed ones. */
static void reap_tx_status(const struct device *dev)
{
	struct eth_lan9118_data *d = dev->data;

	while (TX_STATUS_USED(rd(dev, LAN_TX_FIFO_INF)) != 0) {
		if (rd(dev, LAN_TX_STATUS) & TXS_ERROR) {
			d->common.stats.tx_errors++;
		}
	}
}

static int lan9118_send(const struct device *dev, const uint8_t *frame,
			size_t len)
{
	struct eth_lan9118_data *d = dev->data;
	int ret = 0;

	(void)k_mutex_lock(&d->tx_lock, K_FOREVER);
	reap_tx_status(dev);
	if (!d->common.started) {
		ret = -ENETDOWN;
	} else if (TX_DATA_FREE(rd(dev, LAN_TX_FIFO_INF)) < 8u + len + 3u) {
		ret = -EAGAIN;
	} else {
		write_frame(dev, frame, len, d->common.stats.tx_frames + 1u);
		d->common.stats.tx_frames++;
		d->common.stats.tx_bytes += (uint32_t)len;
		reap_tx_status(dev);
	}
	(void)k_mutex_unlock(&d->tx_lock);
	return ret;
}

/* Read @p words FIFO words of one frame; keep the first @p keep bytes. */
static void read_frame(const struct device *dev, uint8_t *buf, size_t keep,
		       uint32_t words)
{
	volatile uint32_t *fifo = fifo_port(dev, LAN_RX_DATA);
	uint32_t whole = (uint32_t)(keep / 4u);
	uint32_t i = 0;

	for (; i < whole; i++) {
		uint32_t w = *fifo;

		memcpy(buf + 4u * i, &w, 4);
	}
	if (keep % 4u != 0 && i < words) {
		uint32_t w = *fifo;

		memcpy(buf + 4u * i, &w, keep % 4u);
		i++;
	}
	for (; i < words; i++) {
		(void)*fifo; /* the FCS, or a frame being dropped */
	}
}

static int lan9118_recv(const struct device *dev, uint8_t *buf, size_t size)
{
	struct eth_lan9118_data *d = dev->data;

	if (!d->common.started) {
		return -ENETDOWN;
	}
	while (RX_STATUS_USED(rd(dev, LAN_RX_FIFO_INF)) != 0) {
		uint32_t status = rd(dev, LAN_RX_STATUS);
		uint32_t len = RXS_LENGTH(status);
		uint32_t words = (len + 3u) / 4u;

		if ((status & RXS_BAD) || len < ETH_FRAME_MIN + FCS_LEN ||
		    len > ETH_FRAME_MAX + FCS_LEN) {
			read_frame(dev, buf, 0, words);
			d->common.stats.rx_errors++;
			continue;
		}
		len -= FCS_LEN;
		if (len > size) {
			read_frame(dev, buf, 0, words);
			d->common.stats.rx_dropped++;
			return -EMSGSIZE;
		}
		read_frame(dev, buf, len, words);
		d->common.stats.rx_frames++;
		d->common.stats.rx_bytes += len;
		return (int)len;
	}
	/* Empty: count what the device could not store, and let the next
	 * frame interrupt (one that came in since the check has set RSFL
	 * already and interrupts at once). */
	d->common.stats.rx_dropped += rd(dev, LAN_RX_DROP);
	wr(dev, LAN_INT_EN, INT_RSFL);
	return -EAGAIN;
}

static int lan9118_set_rx_callback(const struct device *dev,
				   eth_rx_callback_t cb, void *user_data)
{
	(void)eth_common_set_rx_callback(dev, cb, user_data);
	if (eth_common(dev)->started) {
		wr(dev, LAN_INT_EN, INT_RSFL); /* frames waiting: say so */
	}
	return 0;
}

static bool lan9118_link_is_up(const struct device *dev)
{
	const struct eth_lan9118_data *d = dev->data;

	return d->common.started && (phy_read(dev, PHY_BSR) & PHY_BSR_LINK);
}

const struct eth_driver_api eth_lan9118_api = {
	.start = lan9118_start,
	.stop = lan9118_stop,
	.send = lan9118_send,
	.recv = lan9118_recv,
	.set_rx_callback = lan9118_set_rx_callback,
	.get_mac = eth_common_get_mac,
	.link_is_up = lan9118_link_is_up,
	.get_stats = eth_common_get_stats,
};

/* Program local-mac-address if the devicetree gives one; read back the
 * address in use. */
static void setup_mac(const struct device *dev)
{
	const struct eth_lan9118_config *cfg = dev->config;
	struct eth_lan9118_data *d = dev->data;
	const uint8_t *m = cfg->mac;
	unsigned int key = irq_lock();

	if (eth_mac_is_set(m)) {
		mac_write(dev, MAC_ADDRL, (uint32_t)m[0] | (uint32_t)m[1] << 8 |
					  (uint32_t)m[2] << 16 |
					  (uint32_t)m[3] << 24);
		mac_write(dev, MAC_ADDRH, (uint32_t)m[4] | (uint32_t)m[5] << 8);
	}
	uint32_t lo = mac_read(dev, MAC_ADDRL);
	uint32_t hi = mac_read(dev, MAC_ADDRH);

	irq_unlock(key);
	for (int i = 0; i < 4; i++) {
		d->common.mac[i] = (uint8_t)(lo >> (8 * i));
	}
	d->common.mac[4] = (uint8_t)hi;
	d->common.mac[5] = (uint8_t)(hi >> 8);
}

static int reset_chip(const struct device *dev)
{
	if (rd(dev, LAN_BYTE_TEST) != BYTE_TEST_VALUE) {
		printk("%s: no LAN9118 here (BYTE_TEST 0x%08x)\n", dev->node_path,
		       (unsigned int)rd(dev, LAN_BYTE_TEST));
		return -ENODEV;
	}
	wr(dev, LAN_HW_CFG, HW_CFG_SRST);
	if (poll_clear(dev, LAN_HW_CFG, HW_CFG_SRST) != 0) {
		return -EIO;
	}
	for (int i = 0; !(rd(dev, LAN_PMT_CTRL) & PMT_CTRL_READY); i++) {
		if (i == POLL_LIMIT) {
			return -EIO;
		}
	}
	/* Deassert the IRQ output: nothing enabled, active high. */
	wr(dev, LAN_INT_EN, 0);
	wr(dev, LAN_INT_STS, 0xffffffffu);
	wr(dev, LAN_IRQ_CFG, IRQ_CFG_EN | IRQ_CFG_POL | IRQ_CFG_TYPE);
	set_mac_cr(dev, 0);
	return 0;
}

int eth_lan9118_init(const struct device *dev)
{
	const struct eth_lan9118_config *cfg = dev->config;
	struct eth_lan9118_data *d = dev->data;
	int ret = reset_chip(dev);

	if (ret != 0) {
		return ret;
	}
	setup_mac(dev);
	d->common.started = false;
	(void)k_mutex_init(&d->tx_lock);
	ret = irq_connect_dynamic(cfg->irq, 2, lan9118_isr, dev);
	if (ret != 0) {
		return ret;
	}
	clear_latched_irq(cfg->irq);
	irq_enable(cfg->irq);
	return 0;
}
