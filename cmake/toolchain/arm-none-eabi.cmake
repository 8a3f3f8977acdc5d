# ARM bare-metal: arm-none-eabi-gcc with picolibc.
set(KESTREL_CROSS arm-none-eabi)
set(KESTREL_CROSS_PACKAGES "gcc-arm-none-eabi picolibc-arm-none-eabi")
include(${CMAKE_CURRENT_LIST_DIR}/gcc-picolibc.cmake)
