/* A module registered without a level: CONFIG_LOG_DEFAULT_LEVEL (info). */
#include <kestrel/logging/log.h>

#include "modules.h"

LOG_MODULE_REGISTER(test_default);

void default_log_all(void)
{
	LOG_INF("default-inf");
	LOG_DBG("default-dbg");
}
