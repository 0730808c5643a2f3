package dev.loopwire.spring.handler;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MessageConversionException(message, "payload is not valid " + charset.name() + " text");
        }
    }

    @Override
    protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
        return ((String) payload).getBytes(charset);
    }
}
