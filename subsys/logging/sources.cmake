kestrel_sources_ifdef(CONFIG_LOG logging/log_core.c)
