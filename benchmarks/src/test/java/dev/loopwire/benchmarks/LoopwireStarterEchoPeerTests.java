package dev.loopwire.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timed starter peer differs from {@code starter-io} in its opt-in handler timer only, as its name says. */
@Timeout(60)
class LoopwireStarterEchoPeerTests {

    @Test
    void whenStarterPeersStartThenOnlyTheTimedOneRecordsTheHandlerTimer() throws Exception {
        try (EchoPeer untimed = EchoPeers.defaults().create("starter-io");
                EchoPeer timed = EchoPeers.defaults().create("starter-io-timed")) {
            timed.start(BenchFraming.LINE, Scenario.MAX_FRAME_LENGTH);
            untimed.start(BenchFraming.LINE, Scenario.MAX_FRAME_LENGTH);

            assertThat(((LoopwireStarterEchoPeer) timed).handlerTimed()).isTrue();
            assertThat(((LoopwireStarterEchoPeer) untimed).handlerTimed()).isFalse();
            assertThat(((LoopwireStarterEchoPeer) untimed).registries()).contains("PrometheusMeterRegistry");
        }
    }
}
