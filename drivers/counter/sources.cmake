# Counter drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_COUNTER_CMSDK_APB counter/counter_cmsdk_apb.c)
kestrel_sources_ifdef(CONFIG_COUNTER_GOLDFISH_RTC counter/counter_goldfish_rtc.c)
kestrel_sources_ifdef(CONFIG_COUNTER_SIM counter/counter_sim.c)
kestrel_sources_ifdef(CONFIG_COUNTER_CLOCK64 counter/counter_clock64.c)
kestrel_sources_ifdef(CONFIG_COUNTER_SHELL counter/counter_shell.c)
