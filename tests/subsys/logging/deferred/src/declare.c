/* A second file of module test_log, compiled at info level: its debug
 * message is not in the image even though the module's level is debug. */
#include <kestrel/logging/log.h>

#include "modules.h"

LOG_MODULE_DECLARE(test_log, LOG_LEVEL_INF);

void declared_log_all(void)
{
	LOG_INF("declared-inf");
	LOG_DBG("declared-dbg");
}
