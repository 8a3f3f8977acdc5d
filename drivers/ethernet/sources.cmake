# Ethernet drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_ETH_LAN9118 ethernet/eth_lan9118.c)
kestrel_sources_ifdef(CONFIG_ETH_VIRTIO_NET ethernet/eth_virtio_net.c)
if(CONFIG_ETH_NATIVE)
  find_path(SLIRP_INCLUDE_DIR libslirp.h PATH_SUFFIXES slirp)
  find_library(SLIRP_LIBRARY slirp)
  if(NOT SLIRP_INCLUDE_DIR OR NOT SLIRP_LIBRARY)
    message(FATAL_ERROR "Kestrel: libslirp not found (CONFIG_ETH_NATIVE, the native_sim "
      "Ethernet device); run scripts/setup.sh (Debian package libslirp-dev)")
  endif()
  kestrel_sources(ethernet/eth_native.c ethernet/eth_native_slirp.c
    ethernet/eth_native_frames.c ethernet/eth_native_tap.c)
  set_source_files_properties(ethernet/eth_native_slirp.c PROPERTIES
    INCLUDE_DIRECTORIES "${SLIRP_INCLUDE_DIR}")
  target_link_libraries(kestrel_image PRIVATE "${SLIRP_LIBRARY}")
endif()
