# Cross toolchain: riscv64-unknown-elf-gcc with picolibc (Debian: gcc-riscv64-unknown-elf, picolibc-riscv64-unknown-elf).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
find_program(KESTREL_CROSS_GCC riscv64-unknown-elf-gcc)
if(NOT KESTREL_CROSS_GCC)
  message(FATAL_ERROR "Kestrel: riscv64-unknown-elf-gcc not found; install it with "
    "'apt-get install --no-install-recommends gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf' (or run scripts/setup.sh)")
endif()
if(NOT EXISTS /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs)
  message(FATAL_ERROR "Kestrel: picolibc for riscv64-unknown-elf not found; install it with "
    "'apt-get install --no-install-recommends picolibc-riscv64-unknown-elf' (or run scripts/setup.sh)")
endif()
set(CMAKE_C_COMPILER "${KESTREL_CROSS_GCC}")
set(CMAKE_ASM_COMPILER "${KESTREL_CROSS_GCC}")
find_program(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy)
find_program(CMAKE_SIZE riscv64-unknown-elf-size)
