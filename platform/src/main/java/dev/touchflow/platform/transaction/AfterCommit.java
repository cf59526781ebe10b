package dev.touchflow.platform.transaction;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/** Runs an action once the current reactive transaction has committed (never on rollback), or at once outside one. */
public final class AfterCommit {

    private AfterCommit() {}

    public static Mono<Void> run(Runnable action) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(action);
                    }
                }))
                .then()
                .onErrorResume(NoTransactionException.class, outside -> Mono.fromRunnable(action));
    }
}
