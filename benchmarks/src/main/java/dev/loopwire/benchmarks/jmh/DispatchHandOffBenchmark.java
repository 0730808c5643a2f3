package dev.loopwire.benchmarks.jmh;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the half-sync/half-async hand-off: a batch of 16 pipelined 32-byte lines echoed over
 * loopback, handled on the I/O loop ({@code IO}) or handed to the business pool through the
 * connection's mailbox and back ({@code POOL}). The difference between the two scores is the hand-off
 * (mailbox post, drain task, cross-thread reply queue, one flush request per batch).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main DispatchHandOffBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchHandOffBenchmark {

    private static final int BATCH = 16;

    @Param({"IO", "POOL"})
    public Dispatch dispatch;

    private TcpServer server;
    private TcpClient client;
    private ClientConnection connection;
    private final byte[][] requests = new byte[BATCH][];

    @Setup
    public void setUp() throws Exception {
        server = new TcpServer(TcpServerConfig.builder((c, frame) -> Reply.of(frame))
                .name("handoff-" + dispatch).host("127.0.0.1").port(0).dispatch(dispatch).ioThreads(1)
                .businessThreads(1).build()).start();
        client = TcpClient.create(1, LineFraming.defaults());
        connection = client.connect("127.0.0.1", server.port());
        for (int i = 0; i < BATCH; i++) {
            requests[i] = String.format("request-%02d-%s", i, "x".repeat(21)).getBytes();
        }
    }

    /** One batch of 16 pipelined requests, until the last reply is in. */
    @Benchmark
    public byte[] pipelinedBatch() throws Exception {
        CompletableFuture<byte[]> last = null;
        for (byte[] request : requests) {
            last = connection.request(request);
        }
        return last.get(10, TimeUnit.SECONDS);
    }

    @TearDown
    public void tearDown() {
        client.close();
        server.shutdownGracefully(Duration.ofSeconds(5)).join();
    }
}
