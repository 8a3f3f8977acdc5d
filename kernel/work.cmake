# Work queues (include/kestrel/kernel/work.h); the system work queue's
# thread only with CONFIG_SYSTEM_WORKQUEUE.
kestrel_sources(work.c)
kestrel_sources_ifdef(CONFIG_SYSTEM_WORKQUEUE work_sys.c)
