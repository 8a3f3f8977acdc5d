# Cross toolchain: arm-none-eabi-gcc with picolibc (Debian: gcc-arm-none-eabi, picolibc-arm-none-eabi).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
find_program(KESTREL_CROSS_GCC arm-none-eabi-gcc)
if(NOT KESTREL_CROSS_GCC)
  message(FATAL_ERROR "Kestrel: arm-none-eabi-gcc not found; install it with "
    "'apt-get install --no-install-recommends gcc-arm-none-eabi picolibc-arm-none-eabi' (or run scripts/setup.sh)")
endif()
if(NOT EXISTS /usr/lib/picolibc/arm-none-eabi/picolibc.specs)
  message(FATAL_ERROR "Kestrel: picolibc for arm-none-eabi not found; install it with "
    "'apt-get install --no-install-recommends picolibc-arm-none-eabi' (or run scripts/setup.sh)")
endif()
set(CMAKE_C_COMPILER "${KESTREL_CROSS_GCC}")
set(CMAKE_ASM_COMPILER "${KESTREL_CROSS_GCC}")
find_program(CMAKE_OBJCOPY arm-none-eabi-objcopy)
find_program(CMAKE_SIZE arm-none-eabi-size)
