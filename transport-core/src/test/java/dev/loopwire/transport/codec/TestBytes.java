package dev.loopwire.transport.codec;

import java.nio.charset.StandardCharsets;

/** Byte-array literals for codec tests. */
final class TestBytes {

    private TestBytes() {
    }

    /** The bytes of {@code text}, one byte per character (ISO-8859-1), so any byte value can be written. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The given values as bytes, e.g. {@code bytes(0x00, 0x05, 'h')}. */
    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** {@code parts} one after the other, in one new array. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
