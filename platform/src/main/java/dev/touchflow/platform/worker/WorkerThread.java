package dev.touchflow.platform.worker;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A thread of its own for a worker loop that blocks by design (a sending round, a drafting job, a
 * mailbox poll): declared {@code @Bean(defaultCandidate = false)} and named in
 * {@code @Scheduled(scheduler = ...)}, it never holds up the shared scheduler the rest of the
 * service's jobs run on.
 */
public final class WorkerThread {

    private WorkerThread() {}

    /** One thread, named after the loop it runs. */
    public static ThreadPoolTaskScheduler named(String name) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix(name + "-");
        return scheduler;
    }
}
