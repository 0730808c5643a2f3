package dev.loopwire.spring.client;

import dev.loopwire.spring.handler.PayloadFormat;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.GenericMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns request payloads into frames and reply frames into values, with the spring-messaging converters
 * servers use: {@code byte[]} as is, {@code String} in the client's charset, other types through Jackson
 * on a JSON client (or {@code toString()} / Spring's conversion service on a text client). Immutable and
 * thread-safe.
 */
final class ClientCodec {

    private final PayloadFormat format;
    private final Charset charset;
    private final JsonMapper jsonMapper;
    private final RouteWriter routes;
    private final CompositeMessageConverter converter;
    private final boolean lineFraming;

    ClientCodec(PayloadFormat format, Charset charset, JsonMapper jsonMapper, RouteWriter routes, boolean lineFraming) {
        this.lineFraming = lineFraming;
        this.format = format;
        this.charset = charset;
        this.jsonMapper = jsonMapper;
        this.routes = routes;
        List<MessageConverter> converters = new ArrayList<>(3);
        converters.add(new ByteArrayMessageConverter());
        converters.add(new StringMessageConverter(charset));
        if (format == PayloadFormat.JSON) {
            converters.add(new JacksonJsonMessageConverter(jsonMapper));
        }
        this.converter = new CompositeMessageConverter(converters);
    }

    PayloadFormat format() {
        return format;
    }

    Charset charset() {
        return charset;
    }

    /** Whether frames are lines (arguments of declarative methods are then joined by spaces). */
    boolean lineFraming() {
        return lineFraming;
    }

    RouteWriter routes() {
        return routes;
    }

    /** The frame for {@code payload} (null for none) with {@code route} written into it. */
    byte[] encode(String route, Object payload) {
        return routes.write(route, bytes(payload));
    }

    private byte[] bytes(Object payload) {
        if (payload == null) {
            return new byte[0];
        }
        if (payload instanceof byte[] raw) {
            return raw;
        }
        if (payload instanceof String text) {
            return text.getBytes(charset);
        }
        if (format == PayloadFormat.JSON) {
            return jsonMapper.writeValueAsBytes(payload);
        }
        return payload.toString().getBytes(charset);
    }

    /**
     * The reply frame as {@code type}; {@code hint} is a {@code MethodParameter} for generic types, or null.
     *
     * @throws IllegalArgumentException when the frame cannot be converted
     */
    @SuppressWarnings("unchecked")
    <T> T decode(byte[] frame, Class<T> type, Object hint) {
        if (type == byte[].class) {
            return (T) frame;
        }
        if (type == String.class) {
            return (T) new String(frame, charset);
        }
        if (type == Void.class || type == void.class) {
            return null;
        }
        Message<byte[]> message = new GenericMessage<>(frame, new MessageHeaders(Map.of()));
        Object value = hint == null ? converter.fromMessage(message, type) : converter.fromMessage(message, type, hint);
        if (value == null && format != PayloadFormat.JSON) {
            DefaultConversionService conversions = (DefaultConversionService) DefaultConversionService.getSharedInstance();
            if (conversions.canConvert(String.class, type)) {
                value = conversions.convert(new String(frame, charset), type);
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("no converter turns a " + format.name().toLowerCase()
                    + " reply into " + type.getName() + (format == PayloadFormat.JSON ? ""
                            : " (set payload: json on the client for objects, or ask for String or byte[])"));
        }
        return (T) value;
    }
}
