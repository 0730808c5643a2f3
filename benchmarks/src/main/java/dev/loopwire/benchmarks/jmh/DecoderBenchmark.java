package dev.loopwire.benchmarks.jmh;

import dev.loopwire.transport.codec.FrameDecoder;
import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.codec.FrameSink;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineDelimiter;
import dev.loopwire.transport.codec.LineFraming;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one 64 KiB read buffer full of frames, as a connection does after each read: the line decoder
 * (LF and AUTO) and the 4-byte length-field decoder, at several frame sizes. The score is buffers per
 * second; frames per second is that times {@link #framesPerBuffer}.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main DecoderBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderBenchmark {

    private static final int BUFFER_BYTES = 64 * 1024;

    /** frame payload size in bytes */
    @Param({"32", "256"})
    public int frameSize;

    /** frames that fit the buffer whole */
    public int framesPerBuffer;

    private ByteBuffer lines;
    private ByteBuffer lengthFramed;
    private FrameDecoder lfDecoder;
    private FrameDecoder autoDecoder;
    private FrameDecoder lengthDecoder;

    @Setup
    public void setUp() {
        framesPerBuffer = BUFFER_BYTES / (frameSize + 4);
        lines = ByteBuffer.allocateDirect(framesPerBuffer * (frameSize + 1));
        lengthFramed = ByteBuffer.allocateDirect(framesPerBuffer * (frameSize + 4));
        for (int f = 0; f < framesPerBuffer; f++) {
            lengthFramed.putInt(frameSize);
            for (int i = 0; i < frameSize; i++) {
                byte b = (byte) ('a' + (f + i) % 26);
                lines.put(b);
                lengthFramed.put(b);
            }
            lines.put((byte) '\n');
        }
        lines.flip();
        lengthFramed.flip();
        lfDecoder = LineFraming.defaults().delimiter(LineDelimiter.LF).newDecoder();
        autoDecoder = LineFraming.defaults().newDecoder();
        lengthDecoder = LengthFieldFraming.defaults().newDecoder();
    }

    @Benchmark
    public void lineLf(Blackhole hole) throws FrameDecodingException {
        decode(lfDecoder, lines, hole);
    }

    @Benchmark
    public void lineAuto(Blackhole hole) throws FrameDecodingException {
        decode(autoDecoder, lines, hole);
    }

    @Benchmark
    public void lengthField(Blackhole hole) throws FrameDecodingException {
        decode(lengthDecoder, lengthFramed, hole);
    }

    private static void decode(FrameDecoder decoder, ByteBuffer input, Blackhole hole) throws FrameDecodingException {
        input.position(0);
        FrameSink sink = hole::consume;
        decoder.decode(input, sink);
        if (input.hasRemaining()) {
            throw new IllegalStateException("benchmark input must hold whole frames only");
        }
    }
}
