package dev.touchflow.replies.config;

import dev.touchflow.platform.worker.WorkerThread;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
class ReplyWorkers {

    /** IMAP is a blocking protocol: the scheduled poll of every mailbox runs here, alone. */
    @Bean(defaultCandidate = false)
    ThreadPoolTaskScheduler repliesImapThread() {
        return WorkerThread.named("replies-imap");
    }
}
