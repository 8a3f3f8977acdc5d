# qemu_rv32: RV32IMAC in machine mode on QEMU's virt machine, no firmware.
set(KESTREL_ARCH riscv)
set(KESTREL_IMAGE_NAME kestrel.elf)
set(KESTREL_TOOLCHAIN_FILE "${KESTREL_BASE}/cmake/toolchain/riscv64-unknown-elf.cmake")
# -misa-spec=2.2 keeps the CSR instructions in the base ISA (no _zicsr) and
# makes the driver pick picolibc's rv32imac/ilp32 multilib when linking;
# without it the rv64 default library is chosen.
set(cpu_flags -misa-spec=2.2 -march=rv32imac -mabi=ilp32 --specs=picolibc.specs)
set(KESTREL_ARCH_FLAGS ${cpu_flags})
set(KESTREL_LINK_FLAGS ${cpu_flags} -nostartfiles
  -L${KESTREL_BASE}/arch/riscv -T${BOARD_DIR}/qemu_rv32.ld -Wl,--gc-sections)

find_program(QEMU_SYSTEM_RISCV32 qemu-system-riscv32)
if(NOT QEMU_SYSTEM_RISCV32 OR NOT EXISTS "${QEMU_SYSTEM_RISCV32}")
  message(FATAL_ERROR "Kestrel: qemu-system-riscv32 not found; install it with "
    "'apt-get install --no-install-recommends qemu-system-misc' (or run scripts/setup.sh)")
endif()

# -rtc clock=vm: the goldfish RTC (counter0) on the guest's virtual clock,
# in step with the CLINT under -icount (the default is the host's clock).
# The networks of the virtio-net devices (KESTREL_NETDEV, from testcase.yaml
# netdev:): slirp, frames (raw Ethernet over a host UDP socket; kt fills in
# the ports), or slirp+frames: a second device (the next virtio-mmio slot
# down, 0x10006000) on frames.
set(KESTREL_BOARD_NETDEVS slirp frames slirp+frames)
macro(board_run_commands)
  set(net -netdev user,id=n0 -device virtio-net-device,netdev=n0)
  if(KESTREL_NETDEV STREQUAL "frames")
    set(net -netdev "socket,id=frames,${KESTREL_FRAMES_QEMU}"
      -device virtio-net-device,netdev=frames ${KESTREL_FRAMES_QMP})
  elseif(KESTREL_NETDEV STREQUAL "slirp+frames")
    list(APPEND net -netdev "socket,id=frames,${KESTREL_FRAMES_QEMU}"
      -device virtio-net-device,netdev=frames,mac=52:54:00:12:34:57
      ${KESTREL_FRAMES_QMP})
  endif()
  set(qemu "${QEMU_SYSTEM_RISCV32}" -M virt -m 128M -bios none -nographic
    -monitor none -global virtio-mmio.force-legacy=false
    -device virtio-rng-device
    ${net}
    -rtc clock=vm -kernel "${KESTREL_IMAGE}")
  set(KESTREL_RUN_CMD ${qemu})
  set(KESTREL_TEST_RUN_CMD ${qemu} -icount shift=0,align=off,sleep=off)
  set(KESTREL_HOSTFWD qemu_user) # host forwards: ,hostfwd= on the user netdev (scripts/ktlib/hostfwd.py)
  set(KESTREL_DEBUG_CMD ${qemu} -S -gdb tcp::1234)
  set(KESTREL_GDB_CMD gdb-multiarch "${KESTREL_IMAGE}" -ex "target remote :1234")
endmacro()
