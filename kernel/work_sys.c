/*
 * The system work queue's thread, started at boot (POST_KERNEL). The
 * queue object k_sys_work_q and the k_work_submit()-style calls on it live
 * in work.c: without CONFIG_SYSTEM_WORKQUEUE they return -ENODEV.
 */
#include <kestrel/init.h>

#include "kernel_internal.h"

_Static_assert(CONFIG_SYSTEM_WORKQUEUE_PRIORITY >= K_HIGHEST_PRIO &&
		       CONFIG_SYSTEM_WORKQUEUE_PRIORITY <= K_LOWEST_APP_PRIO,
	       "CONFIG_SYSTEM_WORKQUEUE_PRIORITY is outside the thread priorities "
	       "-CONFIG_NUM_COOP_PRIORITIES .. CONFIG_NUM_PREEMPT_PRIORITIES - 1");

static K_THREAD_STACK_DEFINE(sys_work_q_stack, CONFIG_SYSTEM_WORKQUEUE_STACK_SIZE);

static int sys_work_q_init(void)
{
	return k_work_queue_start(&k_sys_work_q, sys_work_q_stack,
				  K_THREAD_STACK_SIZEOF(sys_work_q_stack),
				  CONFIG_SYSTEM_WORKQUEUE_PRIORITY, "sysworkq");
}

SYS_INIT(sys_work_q_init, POST_KERNEL);
