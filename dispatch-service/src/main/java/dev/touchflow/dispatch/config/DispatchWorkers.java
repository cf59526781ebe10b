package dev.touchflow.dispatch.config;

import dev.touchflow.platform.worker.WorkerThread;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class DispatchWorkers {

    /** The sending loop waits for each round's sends by design: it runs here, alone. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler dispatchSendingThread() {
        return WorkerThread.named("dispatch-sending");
    }

    /** Where a round's sends go out, {@code touchflow.dispatch.sending-lanes} at once, each blocking on its server. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskExecutor dispatchSendingLanes(DispatchProperties properties) {
        ThreadPoolTaskExecutor lanes = new ThreadPoolTaskExecutor();
        lanes.setCorePoolSize(properties.sendingLanes());
        lanes.setMaxPoolSize(properties.sendingLanes());
        lanes.setThreadNamePrefix("dispatch-lane-");
        lanes.setWaitForTasksToCompleteOnShutdown(true);
        return lanes;
    }
}
