/*
 * Two more modules for the level tests: one registered at warning level
 * (its info and debug messages are compiled out), one without a level
 * (CONFIG_LOG_DEFAULT_LEVEL).
 */
#include <kestrel/logging/log.h>

#include "modules.h"

LOG_MODULE_REGISTER(test_quiet, LOG_LEVEL_WRN);

/* Arguments of a compiled-out message are never evaluated. */
int quiet_log_all(int *evaluated)
{
	LOG_ERR("quiet-err");
	LOG_WRN("quiet-wrn");
	LOG_INF("quiet-inf %d", ++*evaluated);
	LOG_DBG("quiet-dbg %d", ++*evaluated);
	return z_log_file_level;
}
