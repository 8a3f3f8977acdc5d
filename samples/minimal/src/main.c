/*
 * The smallest Kestrel image: the scheduler, two threads (main and idle)
 * and a semaphore, no console. `kt footprint` on it shows the kernel's
 * own cost. The exit status says whether the semaphore worked.
 */
#include <kestrel/kernel.h>

static K_SEM_DEFINE(sem, 0, 1);

int main(void)
{
	if (k_sem_give(&sem) != 0 || k_sem_take(&sem, K_NO_WAIT) != 0) {
		return 1;
	}
	return k_sem_take(&sem, K_NO_WAIT) == -EBUSY ? 0 : 2;
}
