# RISC-V bare-metal: riscv64-unknown-elf-gcc (multilib, rv32 too) with picolibc.
set(KESTREL_CROSS riscv64-unknown-elf)
set(KESTREL_CROSS_PACKAGES "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf")
include(${CMAKE_CURRENT_LIST_DIR}/gcc-picolibc.cmake)
