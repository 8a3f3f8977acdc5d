# Flash drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_FLASH_NATIVE flash/flash_native.c)
kestrel_sources_ifdef(CONFIG_FLASH_RAM flash/flash_ram.c)
kestrel_sources_ifdef(CONFIG_FLASH_SHELL flash/flash_shell.c)
