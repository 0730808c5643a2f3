package dev.loopwire.spring.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.ObservedTestServers;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.CustomFramingDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.FramingDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.LengthFieldFramingDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.LineFramingDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.LoopwireDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint.ServerDescriptor;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.codec.FrameDecoder;
import dev.loopwire.transport.codec.FrameEncoder;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;
import java.nio.ByteOrder;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import tools.jackson.databind.json.JsonMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopwireEndpointTests {

    private ObservedTestServers test;
    private LoopwireEndpoint endpoint;

    @BeforeEach
    void start() {
        test = ObservedTestServers.start();
        endpoint = new LoopwireEndpoint(test.servers());
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void whenReadThenServersShowConfigurationConnectionsAndTraffic() throws Exception {
        ClientConnection connection = test.connect("echo");
        assertThat(ObservedTestServers.echo(connection, "hi")).isEqualTo("hi");

        LoopwireDescriptor all = endpoint.loopwire();

        assertThat(all.servers()).containsOnlyKeys("echo", "inline");
        ServerDescriptor echo = all.servers().get("echo");
        assertThat(echo.port()).isEqualTo(test.server("echo").port());
        assertThat(echo.state()).isEqualTo("RUNNING");
        assertThat(echo.dispatch()).isEqualTo("pool");
        assertThat(echo.framing()).isEqualTo(new LineFramingDescriptor("line", "auto", 8192, "close", 8194));
        assertThat(echo.connections()).isEqualTo(1);
        assertThat(echo.paused().backpressure()).isZero();
        assertThat(echo.limits().maxConnections()).isEqualTo(100);
        assertThat(echo.limits().maxFrameBytes()).isPositive();
        assertThat(echo.traffic().framesReceived()).isEqualTo(1);
        assertThat(echo.traffic().bytesReceived()).isEqualTo(3);
        assertThat(all.servers().get("inline").dispatch()).isEqualTo("io");
        assertThat(all.servers().get("inline").limits().maxConnections()).isEqualTo(2);
    }

    @Test
    void whenReadThenLoopsAndBusinessPoolAreShown() throws Exception {
        test.connect("inline");
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.loopwire().loops().values().stream()
                .mapToInt(LoopwireEndpoint.LoopDescriptor::connections).sum() == 1);

        LoopwireDescriptor all = endpoint.loopwire();

        assertThat(all.loops()).containsOnlyKeys("test-io-0", "test-io-1", "loopwire-echo-accept",
                "loopwire-inline-accept");
        assertThat(all.loops().get("test-io-0").role()).isEqualTo("io");
        assertThat(all.loops().get("test-io-0").server()).isNull();
        assertThat(all.loops().get("loopwire-inline-accept").server()).isEqualTo("inline");
        assertThat(all.loops().values()).allSatisfy(loop -> {
            assertThat(loop.alive()).isTrue();
            assertThat(loop.iterations()).isPositive();
            assertThat(loop.lagMs()).isLessThan(1000.0);
        });
        assertThat(all.businessPool().executor()).isEqualTo("ThreadPoolExecutor");
        assertThat(all.businessPool().maxThreads()).isEqualTo(2);
        assertThat(all.businessPool().queuedTasks()).isZero();
    }

    @Test
    void whenConnectionsOpenAndCloseThenFiguresMove() throws Exception {
        ClientConnection connection = test.connect("echo");
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.server("echo").connections() == 1);

        connection.closeGracefully().get(5, java.util.concurrent.TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> endpoint.server("echo").connections() == 0);
        assertThat(endpoint.server("echo").traffic().connectionsOpened()).isEqualTo(1);
        assertThat(endpoint.server("echo").traffic().connectionsClosed()).isEqualTo(1);
    }

    @Test
    void whenServerUnknownThenNull() {
        assertThat(endpoint.server("nope")).isNull();
    }

    @Test
    void whenFramingIsLineThenItIsShownAsFields() {
        FramingDescriptor line = FramingDescriptor.of(LineFraming.defaults().delimiter(LineDelimiter.CRLF)
                .maxLineLength(100).onTooLong(TooLongFrameAction.DISCARD));

        assertThat(line).isEqualTo(new LineFramingDescriptor("line", "crlf", 100, "discard", 102));
    }

    @Test
    void whenFramingIsLengthFieldThenItIsShownAsFields() {
        FramingDescriptor field = FramingDescriptor.of(LengthFieldFraming.defaults().lengthFieldOffset(2)
                .lengthFieldLength(2).lengthAdjustment(-4).initialBytesToStrip(4).byteOrder(ByteOrder.LITTLE_ENDIAN)
                .maxFrameLength(4096).onTooLong(TooLongFrameAction.DISCARD));

        assertThat(field).isEqualTo(
                new LengthFieldFramingDescriptor("length-field", 2, 2, -4, 4, "little-endian", 4096, "discard", 4096));
    }

    @Test
    void whenFramingIsTheApplicationsOwnThenItIsShownByClassAndDescription() {
        Framing own = new Framing() {
            @Override
            public FrameDecoder newDecoder() {
                throw new UnsupportedOperationException();
            }

            @Override
            public FrameEncoder encoder() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int maxFrameBytes() {
                return 77;
            }

            @Override
            public String toString() {
                return "OwnFraming[77]";
            }
        };

        assertThat(FramingDescriptor.of(own)).isInstanceOfSatisfying(CustomFramingDescriptor.class, custom -> {
            assertThat(custom.type()).isEqualTo("custom");
            assertThat(custom.description()).isEqualTo("OwnFraming[77]");
            assertThat(custom.maxFrameBytes()).isEqualTo(77);
        });
    }

    @Test
    void whenFramingIsWrittenThenItIsAJsonObject() {
        Map<?, ?> json = JsonMapper.builder().build().convertValue(endpoint.server("echo"), Map.class);

        assertThat(json.get("framing")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("type", "line").containsEntry("delimiter", "auto")
                .containsEntry("maxLineLength", 8192).containsEntry("onTooLong", "close");
    }
}
