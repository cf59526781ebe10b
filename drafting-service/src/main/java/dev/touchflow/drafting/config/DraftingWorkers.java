package dev.touchflow.drafting.config;

import dev.touchflow.platform.worker.WorkerThread;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class DraftingWorkers {

    /** The drafting worker blocks on each LLM call by design: it runs here, alone. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler draftingWorkerThread() {
        return WorkerThread.named("drafting-worker");
    }
}
