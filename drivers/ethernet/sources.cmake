# Ethernet drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_ETH_LAN9118 ethernet/eth_lan9118.c)
kestrel_sources_ifdef(CONFIG_ETH_VIRTIO_NET ethernet/eth_virtio_net.c)
