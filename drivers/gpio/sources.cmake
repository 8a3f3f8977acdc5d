# GPIO drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_GPIO_SIM gpio/gpio_sim.c)
kestrel_sources_ifdef(CONFIG_GPIO_MPS2_FPGAIO gpio/gpio_mps2_fpgaio.c)
kestrel_sources_ifdef(CONFIG_GPIO_SHELL gpio/gpio_shell.c)
