/* Runs forever; --stop-at ends the simulation (exit status 0). */
#include <kestrel/kernel.h>

int main(void)
{
	for (int i = 1;; i++) {
		k_sleep(K_SECONDS(1));
		printk("tick %d at %lld ms\n", i, (long long)k_uptime_get());
	}
	return 1; /* not reached: the simulation stops first */
}
