/* Plain MQTT for the telemetry sample (TELEMETRY_CA_PEM not set). */
#include "telemetry.h"

int telemetry_tls_apply(struct net_mqtt_config *cfg)
{
	(void)cfg;
	return 0;
}
