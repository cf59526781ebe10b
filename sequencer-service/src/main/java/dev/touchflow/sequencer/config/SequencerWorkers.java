package dev.touchflow.sequencer.config;

import dev.touchflow.platform.worker.WorkerThread;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class SequencerWorkers {

    /** The firing loop waits for its workers' batches by design: it runs here, with the look behind it. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler sequencerFiringThread() {
        return WorkerThread.named("sequencer-firing");
    }
}
