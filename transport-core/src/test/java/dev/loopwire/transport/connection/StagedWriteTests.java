package dev.loopwire.transport.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small heap replies are copied into the loop's staging buffer and leave in one plain write, byte-exact. */
class StagedWriteTests {

    @Test
    void whenManySmallHeapRepliesAreQueuedThenOnePlainWriteOfTheDirectStagingBufferCarriesThemAll() throws Exception {
        OutboundQueue queue = new OutboundQueue();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            String reply = "+PONG " + i + "\n";
            queue.addInLoop(heap(reply));
            expected.append(reply);
        }
        TricklingChannel channel = new TricklingChannel(Integer.MAX_VALUE);

        queue.writeTo(channel, new ByteBuffer[OutboundQueue.MAX_BUFFERS_PER_WRITE], ByteBuffer.allocateDirect(1024), 16);

        assertThat(channel.text()).isEqualTo(expected.toString());
        assertThat(channel.calls).containsExactly("plain direct");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.pendingBytes()).isZero();
    }

    @Test
    void whenTheSocketTakesAnyNumberOfBytesPerWriteThenEveryByteArrivesOnceAndInOrder() throws Exception {
        // heap replies that fit, a direct (pooled-like) buffer that is never staged, a heap reply larger than
        // the staging buffer, then small ones again: every split point of every write
        List<ByteBuffer> template = List.of(heap("ab"), heap("cde"), heap("f"), direct("GHIJ"), heap("klm"),
                heap("nopqrstuvwxyz0123456789"), heap("!"), heap("?\n"));
        String expected = "abcdefGHIJklmnopqrstuvwxyz0123456789!?\n";
        for (int perWrite = 1; perWrite <= expected.length(); perWrite++) {
            OutboundQueue queue = new OutboundQueue();
            for (ByteBuffer buffer : template) {
                queue.addInLoop(buffer.duplicate());
            }
            TricklingChannel channel = new TricklingChannel(perWrite);
            ByteBuffer staging = ByteBuffer.allocateDirect(8);
            for (int round = 0; round < 1_000 && !queue.isEmpty(); round++) {
                queue.writeTo(channel, new ByteBuffer[OutboundQueue.MAX_BUFFERS_PER_WRITE], staging, 1);
            }
            assertThat(channel.text()).as("%d bytes per write", perWrite).isEqualTo(expected);
            assertThat(queue.pendingBytes()).as("%d bytes per write", perWrite).isZero();
            assertThat(channel.calls).as("%d bytes per write: a staged write happened", perWrite)
                    .contains("plain direct");
        }
    }

    @Test
    void whenFewerThanTwoLeadingBuffersAreHeapBuffersThenNothingIsStagedAndNoSourceMoves() {
        ByteBuffer staging = ByteBuffer.allocateDirect(64);
        ByteBuffer[] directFirst = {direct("xy"), heap("ab"), heap("cd")};
        ByteBuffer[] oneThenDirect = {heap("ab"), direct("xy")};
        ByteBuffer[] tooLarge = {heap("a".repeat(65)), heap("b")};

        assertThat(StagedWrite.stage(directFirst, 3, staging)).isZero();
        assertThat(StagedWrite.stage(oneThenDirect, 2, staging)).isZero();
        assertThat(StagedWrite.stage(tooLarge, 2, staging)).isZero();
        assertThat(staging.hasRemaining()).isFalse();
        for (ByteBuffer[] sources : List.of(directFirst, oneThenDirect, tooLarge)) {
            for (ByteBuffer source : sources) {
                assertThat(source.position()).isZero();
            }
        }
    }

    @Test
    void whenStagedThenSourcesMoveOnlyByWhatTheSocketTook() {
        ByteBuffer staging = ByteBuffer.allocateDirect(64);
        ByteBuffer[] sources = {heap("abc"), heap("de"), heap("fgh"), direct("XY")};

        assertThat(StagedWrite.stage(sources, 4, staging)).isEqualTo(3);
        assertThat(StandardCharsets.US_ASCII.decode(staging.duplicate()).toString()).isEqualTo("abcdefgh");
        assertThat(sources[0].position()).isZero();

        StagedWrite.advance(sources, 3, 4);
        assertThat(sources[0].hasRemaining()).isFalse();
        assertThat(sources[1].position()).isEqualTo(1);
        assertThat(sources[2].position()).isZero();
        assertThat(sources[3].position()).isZero();
    }

    private static ByteBuffer heap(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
}
