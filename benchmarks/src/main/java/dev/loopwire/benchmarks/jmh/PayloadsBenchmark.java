package dev.loopwire.benchmarks.jmh;

import dev.loopwire.benchmarks.Payloads;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the load generator's own per-request work (building a payload, checking a reply), so
 * its share of a comparison's CPU budget is known. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PayloadsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PayloadsBenchmark {

    /** Payload sizes of the standard scenarios. */
    @Param({"16", "256", "65536"})
    public int size;

    private Payloads payloads;
    private ByteBuffer out;
    private byte[] reply;
    private long seq;

    @Setup
    public void setUp() {
        payloads = new Payloads(size);
        out = ByteBuffer.allocateDirect(size);
        reply = payloads.toArray(12345);
    }

    /** Encode one request payload. */
    @Benchmark
    public ByteBuffer write() {
        out.clear();
        payloads.write(out, seq++);
        return out;
    }

    /** Check one correct reply. */
    @Benchmark
    public boolean check() {
        return payloads.matches(reply, 0, size, Payloads.parseSequence(reply, 0));
    }
}
