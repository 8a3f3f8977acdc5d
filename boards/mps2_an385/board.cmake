# mps2_an385: ARM Cortex-M3 on QEMU's mps2-an385 machine.
set(KESTREL_ARCH arm)
set(KESTREL_IMAGE_NAME kestrel.elf)
set(KESTREL_TOOLCHAIN_FILE "${KESTREL_BASE}/cmake/toolchain/arm-none-eabi.cmake")
set(cpu_flags -mcpu=cortex-m3 -mthumb --specs=picolibc.specs)
set(KESTREL_ARCH_FLAGS ${cpu_flags})
set(KESTREL_LINK_FLAGS ${cpu_flags} -nostartfiles
  -L${KESTREL_BASE}/arch/arm -T${BOARD_DIR}/mps2_an385.ld -Wl,--gc-sections)

find_program(QEMU_SYSTEM_ARM qemu-system-arm)
if(NOT QEMU_SYSTEM_ARM)
  message(FATAL_ERROR "Kestrel: qemu-system-arm not found; install it with "
    "'apt-get install --no-install-recommends qemu-system-arm' (or run scripts/setup.sh)")
endif()

# The LAN9118's network (KESTREL_NETDEV, from testcase.yaml netdev:): slirp,
# or frames (raw Ethernet over a host UDP socket; kt fills in the ports).
set(KESTREL_BOARD_NETDEVS slirp frames)
macro(board_run_commands)
  set(net -nic user,model=lan9118)
  if(KESTREL_NETDEV STREQUAL "frames")
    set(net -nic "socket,id=frames,model=lan9118,${KESTREL_FRAMES_QEMU}"
      ${KESTREL_FRAMES_QMP})
  endif()
  set(qemu "${QEMU_SYSTEM_ARM}" -M mps2-an385 -nographic -monitor none
    -semihosting-config enable=on,target=native
    ${net} -kernel "${KESTREL_IMAGE}")
  set(KESTREL_RUN_CMD ${qemu})
  set(KESTREL_TEST_RUN_CMD ${qemu} -icount shift=0,align=off,sleep=off)
  set(KESTREL_HOSTFWD qemu_user) # host forwards: ,hostfwd= on the user netdev (scripts/ktlib/hostfwd.py)
  set(KESTREL_DEBUG_CMD ${qemu} -S -gdb tcp::1234)
  set(KESTREL_GDB_CMD gdb-multiarch "${KESTREL_IMAGE}" -ex "target remote :1234")
endmacro()
