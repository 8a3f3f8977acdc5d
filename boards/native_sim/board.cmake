# native_sim: the image is a host executable; the host's gcc builds it.
set(KESTREL_ARCH posix)
set(KESTREL_IMAGE_NAME kestrel.exe)
# The application's main() is reached through --wrap (arch/posix/hw_model.c).
set(KESTREL_LINK_FLAGS -Wl,--wrap=main -Wl,--gc-sections)

# The networks of the kestrel,native-eth devices (KESTREL_NETDEV, from
# testcase.yaml netdev:): slirp, frames (eth0 on the frames backend; kt
# fills in the ports), slirp+frames (eth1, from an overlay, on frames), or
# tap (eth0 on the host TAP interface kt creates, scripts/ktlib/tap.py).
set(KESTREL_BOARD_NETDEVS slirp frames slirp+frames tap)
macro(board_run_commands)
  set(net)
  if(KESTREL_NETDEV STREQUAL "frames")
    set(net "--eth-frames=eth0:${KESTREL_FRAMES_PORTS}")
  elseif(KESTREL_NETDEV STREQUAL "slirp+frames")
    set(net "--eth-frames=eth1:${KESTREL_FRAMES_PORTS}")
  elseif(KESTREL_NETDEV STREQUAL "tap")
    set(net "--eth-tap=eth0:@TAP_IF@")      # kt: scripts/ktlib/tap.py
  endif()
  set(KESTREL_RUN_CMD "${KESTREL_IMAGE}" ${net})
  set(KESTREL_TEST_RUN_CMD "${KESTREL_IMAGE}" ${net})
  set(KESTREL_HOSTFWD option) # host forwards: the image's --hostfwd= (scripts/ktlib/hostfwd.py)
endmacro()
