# native_sim: the image is a host executable; the host's gcc builds it.
set(KESTREL_ARCH posix)
set(KESTREL_IMAGE_NAME kestrel.exe)
# The application's main() is reached through --wrap (arch/posix/hw_model.c).
set(KESTREL_LINK_FLAGS -Wl,--wrap=main -Wl,--gc-sections)

macro(board_run_commands)
  set(KESTREL_RUN_CMD "${KESTREL_IMAGE}")
  set(KESTREL_TEST_RUN_CMD "${KESTREL_IMAGE}")
endmacro()
