/*
 * native_sim Ethernet device: receive ring, interrupt and API (see
 * eth_native.h). The backend runs in the hardware model with interrupts
 * locked; the API functions lock interrupts around the ring, so the two
 * never interleave.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <kestrel/irq.h>
#include <kestrel/kernel.h>

#include <kestrel/drivers/ethernet.h>

#include "eth_native.h"
#include "posix_hw.h"

/* Locally administered, unicast: 02:00:4b:54:00:01 ("KT"). */
static const uint8_t default_mac[ETH_ADDR_LEN] = { 0x02, 0x00, 0x4b, 0x54,
						   0x00, 0x01 };

void eth_native_rx_push(const struct device *dev, const uint8_t *frame,
			size_t len)
{
	const struct eth_native_config *cfg = dev->config;
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();

	if (!d->common.started || d->link_down) {
		/* stopped or unplugged: the frame is lost, like on a cable */
	} else if (len < ETH_FRAME_MIN || len > ETH_FRAME_MAX) {
		d->common.stats.rx_errors++;
	} else if (d->rx_count == CONFIG_ETH_NATIVE_RX_FRAMES) {
		d->common.stats.rx_dropped++;
	} else {
		struct eth_native_frame *f =
			&d->rx[(d->rx_head + d->rx_count) % CONFIG_ETH_NATIVE_RX_FRAMES];

		memcpy(f->buf, frame, len);
		f->len = (uint16_t)len;
		d->rx_count++;
		posix_irq_raise(cfg->irq);
	}
	irq_unlock(key);
}

static void eth_native_isr(const void *arg)
{
	eth_common_notify_rx(arg);
}

const char *eth_native_opt_for(const char *opt, const struct device *dev)
{
	size_t n = strlen(dev->name);

	if (opt != NULL && strncmp(opt, dev->name, n) == 0 && opt[n] == ':') {
		return opt + n + 1;
	}
	return NULL;
}

/* The backend the command line names for @p dev, else slirp. */
static const struct eth_native_backend *backend_of(const struct device *dev)
{
	if (eth_native_opt_for(posix_hw_eth_frames(), dev) != NULL) {
		return &eth_native_frames_backend;
	}
	if (eth_native_opt_for(posix_hw_eth_tap(), dev) != NULL) {
		return &eth_native_tap_backend;
	}
	return &eth_native_slirp_backend;
}

static void fd_port_prepare(void *ctx, int64_t *timeout_us)
{
	struct eth_native_fd_port *port = ctx;

	(void)timeout_us;
	port->poll_idx = posix_hw_poll_fd(port->fd, POLLIN);
}

static void fd_port_dispatch(void *ctx)
{
	struct eth_native_fd_port *port = ctx;

	if (port->poll_idx < 0 ||
	    (posix_hw_poll_revents(port->poll_idx) & POLLIN) == 0) {
		return;
	}
	for (;;) {
		ssize_t n = read(port->fd, port->buf, sizeof(port->buf));

		if (n < 0) {
			return; /* EAGAIN: drained */
		}
		/* too short or too long: eth_native_rx_push counts rx_errors */
		eth_native_rx_push(port->dev, port->buf, (size_t)n);
	}
}

int eth_native_fd_port_start(struct eth_native_fd_port *port,
			     const struct device *dev, int fd)
{
	port->dev = dev;
	port->fd = fd;
	port->poller = (struct posix_hw_poller){
		.prepare = fd_port_prepare, .dispatch = fd_port_dispatch,
		.ctx = port,
	};
	return posix_hw_poller_add(&port->poller);
}

static int eth_native_start(const struct device *dev)
{
	struct eth_native_data *d = dev->data;

	if (!d->backend_open) {
		d->backend = backend_of(dev);
		int ret = d->backend->open(dev);

		if (ret != 0) {
			return ret;
		}
		d->backend_open = true;
	}
	unsigned int key = irq_lock();

	d->common.started = true;
	irq_unlock(key);
	return 0;
}

static int eth_native_stop(const struct device *dev)
{
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();

	d->common.started = false;
	d->rx_count = 0;
	irq_unlock(key);
	return 0;
}

static int eth_native_send(const struct device *dev, const uint8_t *frame,
			   size_t len)
{
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret = -ENETDOWN;

	if (d->common.started && d->link_down) {
		ret = 0; /* unplugged: the frame is lost */
		d->common.stats.tx_errors++;
	} else if (d->common.started) {
		ret = d->backend->send(dev, frame, len);
		if (ret == 0) {
			d->common.stats.tx_frames++;
			d->common.stats.tx_bytes += (uint32_t)len;
		} else {
			d->common.stats.tx_errors++;
		}
	}
	irq_unlock(key);
	return ret;
}

static int eth_native_recv(const struct device *dev, uint8_t *buf, size_t size)
{
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();
	int ret;

	if (!d->common.started) {
		ret = -ENETDOWN;
	} else if (d->rx_count == 0) {
		ret = -EAGAIN;
	} else {
		struct eth_native_frame *f = &d->rx[d->rx_head];

		if (f->len > size) {
			d->common.stats.rx_dropped++;
			ret = -EMSGSIZE;
		} else {
			memcpy(buf, f->buf, f->len);
			d->common.stats.rx_frames++;
			d->common.stats.rx_bytes += f->len;
			ret = f->len;
		}
		d->rx_head = (d->rx_head + 1) % CONFIG_ETH_NATIVE_RX_FRAMES;
		d->rx_count--;
	}
	irq_unlock(key);
	return ret;
}

static int eth_native_set_rx_callback(const struct device *dev,
				      eth_rx_callback_t cb, void *user_data)
{
	const struct eth_native_config *cfg = dev->config;
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();

	(void)eth_common_set_rx_callback(dev, cb, user_data);
	if (cb != NULL && d->rx_count > 0) {
		posix_irq_raise(cfg->irq); /* frames came before the callback */
	}
	irq_unlock(key);
	return 0;
}

static bool eth_native_link_is_up(const struct device *dev)
{
	struct eth_native_data *d = dev->data;

	return d->common.started && d->backend_open && !d->link_down;
}

int eth_native_link_set(const struct device *dev, bool up)
{
	if (dev == NULL || dev->api != &eth_native_api) {
		return -EINVAL;
	}
	struct eth_native_data *d = dev->data;
	unsigned int key = irq_lock();

	d->link_down = !up;
	if (!up) {
		d->rx_count = 0;
	}
	irq_unlock(key);
	return 0;
}

const struct eth_driver_api eth_native_api = {
	.start = eth_native_start,
	.stop = eth_native_stop,
	.send = eth_native_send,
	.recv = eth_native_recv,
	.set_rx_callback = eth_native_set_rx_callback,
	.get_mac = eth_common_get_mac,
	.link_is_up = eth_native_link_is_up,
	.get_stats = eth_common_get_stats,
};

int eth_native_init(const struct device *dev)
{
	const struct eth_native_config *cfg = dev->config;
	struct eth_native_data *d = dev->data;
	int ret = irq_connect_dynamic(cfg->irq, 0, eth_native_isr, dev);

	if (ret != 0) {
		return ret;
	}
	memcpy(d->common.mac, eth_mac_is_set(cfg->mac) ? cfg->mac : default_mac,
	       ETH_ADDR_LEN);
	irq_enable(cfg->irq);
	return 0;
}
