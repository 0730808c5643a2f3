package dev.loopwire.spring.handler;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.MimeType;

/**
 * Converts {@code byte[]} payloads to {@code String} and back in a fixed charset, rejecting malformed
 * input instead of replacing it with U+FFFD. Thread-safe (a decoder is made per call).
 */
final class StrictStringMessageConverter extends AbstractMessageConverter {

    private final Charset charset;

    StrictStringMessageConverter(Charset charset) {
        super(new MimeType("text", "plain", charset));
        this.charset = charset;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return String.class == clazz;
    }

    @Override
    protected Object convertFromInternal(Message<?> message, Class<?> targetClass, Object conversionHint) {
        Object payload = message.getPayload();
        if (!(payload instanceof byte[] bytes)) {
            return payload instanceof String ? payload : null;
        }
        String text = decode(bytes, charset);
        if (text == null) {
            throw new MessageConversionException(message, "payload is not valid " + charset.name() + " text");
        }
        return text;
    }

    /**
     * {@code bytes} as text in {@code charset}, or null when they are not valid text in it. UTF-8 takes the
     * JDK's fast decoding and checks for replacement characters (decoding strictly only when one shows up,
     * as a replacement character may also be sent on purpose). Safe from any thread.
     */
    static String decode(byte[] bytes, Charset charset) {
        if (StandardCharsets.UTF_8.equals(charset)) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.indexOf('\uFFFD') < 0) {
                return text;
            }
        }
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
        return ((String) payload).getBytes(charset);
    }
}
