package dev.loopwire.transport.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LengthFieldFramingTests {

    private static final LengthFieldFraming DEFAULTS = LengthFieldFraming.defaults();

    @Test
    void whenStripWasTheWholeHeaderThenItFollowsTheHeader() {
        assertThat(DEFAULTS.lengthFieldLength(2).initialBytesToStrip()).isEqualTo(2);
        assertThat(DEFAULTS.lengthFieldOffset(3).initialBytesToStrip()).isEqualTo(7);
        assertThat(DEFAULTS.initialBytesToStrip(0).lengthFieldLength(2).initialBytesToStrip()).isZero();
    }

    @Test
    void whenFieldSizeIsUnsupportedThenItIsRejected() {
        assertThatThrownBy(() -> DEFAULTS.lengthFieldLength(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lengthFieldLength must be 1, 2, 3, 4 or 8 bytes, was 5");
    }

    @Test
    void whenMaximumIsNoLargerThanTheHeaderThenItIsRejected() {
        assertThatThrownBy(() -> DEFAULTS.maxFrameLength(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be larger than the header");
    }

    @Test
    void whenOffsetIsHugeThenTheHeaderLengthDoesNotOverflow() {
        assertThatThrownBy(() -> DEFAULTS.initialBytesToStrip(0).lengthFieldOffset(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengthFieldOffset + lengthFieldLength = 2147483651");
    }

    @Test
    void whenStripPassesTheHeaderThenItIsAllowedButNotPastTheMaximum() {
        assertThat(DEFAULTS.initialBytesToStrip(6).initialBytesToStrip()).isEqualTo(6);
        assertThatThrownBy(() -> DEFAULTS.maxFrameLength(10).initialBytesToStrip(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialBytesToStrip (11) must not exceed maxFrameLength (10)");
        assertThatThrownBy(() -> DEFAULTS.initialBytesToStrip(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenAskedForMaxFrameBytesThenItIsTheMaximumFrameLength() {
        assertThat(DEFAULTS.maxFrameLength(100).maxFrameBytes()).isEqualTo(100);
    }
}
