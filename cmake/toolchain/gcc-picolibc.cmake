# Shared part of the cross toolchain files: set KESTREL_CROSS (the GNU
# triplet) and KESTREL_CROSS_PACKAGES (the Debian packages), then include.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
find_program(KESTREL_CROSS_GCC ${KESTREL_CROSS}-gcc)
if(NOT KESTREL_CROSS_GCC OR NOT EXISTS "${KESTREL_CROSS_GCC}")
  message(FATAL_ERROR "Kestrel: ${KESTREL_CROSS}-gcc not found; install it with "
    "'apt-get install --no-install-recommends ${KESTREL_CROSS_PACKAGES}' (or run scripts/setup.sh)")
endif()
if(NOT EXISTS /usr/lib/picolibc/${KESTREL_CROSS}/picolibc.specs)
  message(FATAL_ERROR "Kestrel: picolibc for ${KESTREL_CROSS} not found; install it with "
    "'apt-get install --no-install-recommends ${KESTREL_CROSS_PACKAGES}' (or run scripts/setup.sh)")
endif()
set(CMAKE_C_COMPILER "${KESTREL_CROSS_GCC}")
set(CMAKE_ASM_COMPILER "${KESTREL_CROSS_GCC}")
find_program(CMAKE_OBJCOPY ${KESTREL_CROSS}-objcopy)
find_program(CMAKE_SIZE ${KESTREL_CROSS}-size)
