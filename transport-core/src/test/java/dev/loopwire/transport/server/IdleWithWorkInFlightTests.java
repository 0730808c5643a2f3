package dev.loopwire.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A connection with a reply in progress is not idle: the idle timeout waits for it. */
class IdleWithWorkInFlightTests {

    @ParameterizedTest
    @EnumSource(value = Dispatch.class, names = {"IO", "POOL"})
    void whenAnAsyncReplyTakesLongerThanTheIdleTimeoutThenItStillArrivesAndTheConnectionIdlesOutAfterwards(
            Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((connection, frame) ->
                Reply.later(CompletableFuture.supplyAsync(() -> frame,
                        CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS))))
                .name("idle-busy-" + dispatch).dispatch(dispatch).ioThreads(1).idleTimeout(Duration.ofMillis(300)))) {
            ClientConnection client = fixture.connect();
            byte[] reply = client.request("slow".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("slow");
            assertThat(fixture.server().stats().connectionsIdleClosed()).isZero();
            // with nothing in flight any more, the idle timeout applies again
            client.closeFuture().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().stats().connectionsIdleClosed() == 1);
        }
    }

    @EnumSource(value = Dispatch.class, names = {"POOL"})
    @ParameterizedTest
    void whenAPooledHandlerRunsLongerThanTheIdleTimeoutThenItsReplyArrives(Dispatch dispatch) throws Exception {
        try (ServerFixture fixture = ServerFixture.start(TcpServerConfig.builder((connection, frame) -> {
            try {
                Thread.sleep(800); // the point: a slow handler on the business pool
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of(frame);
        }).name("idle-running-" + dispatch).dispatch(dispatch).ioThreads(1).idleTimeout(Duration.ofMillis(300)))) {
            ClientConnection client = fixture.connect();
            byte[] reply = client.request("busy".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("busy");
            assertThat(fixture.server().stats().connectionsIdleClosed()).isZero();
        }
    }
}
