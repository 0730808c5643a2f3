package dev.loopwire.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.endpoint.LoopwireEndpoint;
import dev.loopwire.transport.BufferFrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A buffer-handler server's pool counters reach Micrometer ({@code loopwire.buffers.*}) and the endpoint. */
class BufferMetricsTests {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private TcpServer buffers;
    private TcpServer arrays;
    private LoopwireServers servers;

    @BeforeEach
    void start() {
        BufferFrameHandler echo = (connection, frame) -> Reply.of(frame.retain());
        buffers = new TcpServer(TcpServerConfig.bufferBuilder(echo).name("buffers").host("127.0.0.1").port(0)
                .ioThreads(1).framing(LengthFieldFraming.defaults().maxFrameLength(1 << 20)).build()).start();
        arrays = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame)).name("arrays")
                .host("127.0.0.1").port(0).ioThreads(1).build()).start();
        servers = new LoopwireServers(null, null);
        servers.register(buffers);
        servers.register(arrays);
        new LoopwireMetrics(servers).bindTo(registry);
    }

    @AfterEach
    void stop() {
        buffers.shutdownGracefully(Duration.ofSeconds(2)).join();
        arrays.shutdownGracefully(Duration.ofSeconds(2)).join();
    }

    @Test
    void whenLargeFramesAreEchoedThenBufferMetersAndTheEndpointShowThePool() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", buffers.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < 4; i++) {
                out.writeInt(65_536);
                out.write(new byte[65_536]);
                out.flush();
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> meter("loopwire.buffers.outstanding") == 0);

        assertThat(meter("loopwire.buffers.allocations") + meter("loopwire.buffers.hits")).isGreaterThanOrEqualTo(4);
        assertThat(meter("loopwire.buffers.hits")).isPositive();
        assertThat(meter("loopwire.buffers.misses")).isZero();
        assertThat(meter("loopwire.buffers.held")).isPositive();
        assertThat(registry.find("loopwire.buffers.hits").tag("server", "arrays").meters()).isEmpty();

        LoopwireEndpoint endpoint = new LoopwireEndpoint(servers);
        LoopwireEndpoint.Buffers shown = endpoint.server("buffers").buffers();
        assertThat(shown.hits()).isPositive();
        assertThat(shown.bytesHeld()).isPositive();
        assertThat(shown.outstanding()).isZero();
        assertThat(endpoint.server("arrays").buffers()).isNull();
    }

    private double meter(String name) {
        var meter = registry.get(name).tag("server", "buffers").meter();
        return meter.measure().iterator().next().getValue();
    }
}
