# virtio transport (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_VIRTIO_MMIO virtio/virtio_mmio.c)
