package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The carry-over buffer of a partial frame, grown the way a connection grows it (the decoder never leaves
 * more than {@code maxFrameBytes} of a partial frame, and one read adds at most 64 KiB): it keeps every
 * byte in order and its capacity never passes {@code maxFrameBytes} unless the bytes it holds need more.
 */
class CumulationPropertyTest {

    @Property(tries = 500)
    void growsInOrderAndNeverBeyondTheFrameLimitUnlessItsBytesNeedIt(
            @ForAll @IntRange(min = 1, max = 200_000) int maxFrameBytes,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 65_536) Integer> reads) {
        ByteBuffer cumulation = null;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int size : reads) {
            if (cumulation != null && cumulation.position() > maxFrameBytes) {
                break; // the decoder would have rejected the frame by now
            }
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = (byte) next++;
            }
            expected.write(chunk, 0, size);
            cumulation = cumulation == null ? Cumulation.keep(ByteBuffer.wrap(chunk), maxFrameBytes)
                    : Cumulation.append(cumulation, ByteBuffer.wrap(chunk), maxFrameBytes);

            assertThat(cumulation.capacity()).isLessThanOrEqualTo(Math.max(maxFrameBytes, cumulation.position()));
            byte[] held = Arrays.copyOf(cumulation.array(), cumulation.position());
            assertThat(held).isEqualTo(expected.toByteArray());
        }
    }
}
