package dev.touchflow.dispatch.config;

import dev.touchflow.platform.worker.WorkerThread;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class DispatchWorkers {

    /** The sending loop blocks on each send by design: it runs here, alone. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler dispatchSendingThread() {
        return WorkerThread.named("dispatch-sending");
    }
}
