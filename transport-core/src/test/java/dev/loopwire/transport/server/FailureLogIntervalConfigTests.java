package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.transport.Reply;
import dev.loopwire.transport.dispatch.FailureLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link TcpServerConfig.Builder#failureLogInterval}: default, set value, and refused values. */
class FailureLogIntervalConfigTests {

    private final TcpServerConfig.Builder builder = TcpServerConfig.builder((connection, frame) -> Reply.none());

    @Test
    void whenNoIntervalIsSetThenItIsTheFailureLogsDefault() {
        assertThat(builder.build().failureLogInterval()).isEqualTo(FailureLog.DEFAULT_INTERVAL)
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void whenAnIntervalIsSetThenItIsKept() {
        assertThat(builder.failureLogInterval(Duration.ofMinutes(2)).build().failureLogInterval())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void whenIntervalIsZeroNegativeOrMissingThenItIsRefused() {
        assertThatThrownBy(() -> builder.failureLogInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> builder.failureLogInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.failureLogInterval(null)).isInstanceOf(NullPointerException.class);
    }
}
