package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LengthFieldFraming;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.codec.TooLongFrameAction;

/**
 * Turns framing properties (shared by servers and clients) into the core {@link Framing}. Internal to the
 * starter: public only so that the client package can use it. Stateless; safe from any thread.
 */
public final class Framings {

    private Framings() {
    }

    /**
     * @param prefix the properties' prefix, e.g. {@code loopwire.servers.echo}, for error messages
     * @param onTooLong what to do with a frame that is too long
     * @throws LoopwireConfigurationException when the line or length-field settings are invalid
     */
    public static Framing framing(String prefix, FramingType type, LoopwireServerProperties.Line line,
            LoopwireServerProperties.LengthField field, TooLongFrameAction onTooLong) {
        try {
            return build(type, line, field, onTooLong);
        } catch (IllegalArgumentException e) {
            String property = prefix + "." + (type == FramingType.LINE ? "line" : "length-field");
            throw new LoopwireConfigurationException("Invalid " + property + ": " + e.getMessage(),
                    "fix " + property + ".*");
        }
    }

    /**
     * The core framing, with the core's own exceptions: for properties already checked by
     * {@link LoopwirePropertiesValidator}, which reports what the core refuses.
     *
     * @throws IllegalArgumentException when the core refuses the settings
     */
    static Framing build(FramingType type, LoopwireServerProperties.Line line, LoopwireServerProperties.LengthField field,
            TooLongFrameAction onTooLong) {
        if (type == FramingType.LINE) {
            return LineFraming.defaults().delimiter(line.getDelimiter())
                    .maxLineLength((int) line.getMaxLength().toBytes()).onTooLong(onTooLong);
        }
        return LengthFieldFraming.defaults()
                .lengthFieldLength(field.getLength())
                .lengthFieldOffset(field.getOffset())
                .lengthAdjustment(field.getAdjustment())
                .initialBytesToStrip(field.isStrip() ? field.getOffset() + field.getLength() : 0)
                .byteOrder(field.getByteOrder().toByteOrder())
                .maxFrameLength((int) field.getMaxFrameLength().toBytes())
                .onTooLong(onTooLong);
    }
}
