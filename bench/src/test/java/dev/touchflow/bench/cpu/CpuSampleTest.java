package dev.touchflow.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSampleTest {

    @Test
    void listenerThreadsCountForTheirServiceAndPoolsForThePoolWithoutTheirNumbers() {
        assertThat(CpuSample.group("dispatch.approved-0-C-1#88")).isEqualTo("dispatch");
        assertThat(CpuSample.group("console.draft-staged-0-C-1#120")).isEqualTo("console");
        assertThat(CpuSample.group("reactor-tcp-epoll-2#51")).isEqualTo("reactor-tcp-epoll-N");
        assertThat(CpuSample.group("kafka-producer-network-thread | drafting-service-1#77"))
                .isEqualTo("kafka-producer-network-thread | drafting-service-N");
    }

    @Test
    void coresAreTheCpuTimeBetweenTwoSamplesOverTheTimeBetweenThem() {
        CpuSample before =
                new CpuSample(0, 0, Map.of("postgres", 1_000_000_000L), Map.of("a-1#1", 0L, "a-2#2", 500_000_000L));
        CpuSample after = new CpuSample(
                2_000_000_000L,
                3_000_000_000L,
                Map.of("postgres", 2_000_000_000L, "broker", 400_000_000L),
                Map.of("a-1#1", 1_000_000_000L, "a-2#2", 1_500_000_000L, "b#3", 200_000_000L));

        assertThat(before.jvmCores(after)).isEqualTo(1.5);
        assertThat(before.childCores(after, "postgres")).isEqualTo(0.5);
        assertThat(before.childCores(after, "broker")).isEqualTo(0.2);
        assertThat(before.groupCores(after, 5)).containsExactly(Map.entry("a-N", 1.0), Map.entry("b", 0.1));
    }
}
