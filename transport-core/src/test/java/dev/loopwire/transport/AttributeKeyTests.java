package dev.loopwire.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/** Typed attributes over the connection's string map. */
class AttributeKeyTests {

    @Test
    void whenAKeyIsAskedForTwiceThenItIsTheSameInstanceAndAnotherTypeFails() {
        AttributeKey<String> user = AttributeKey.of("attr-test.user", String.class);
        assertThat(AttributeKey.of("attr-test.user", String.class)).isSameAs(user);
        assertThatThrownBy(() -> AttributeKey.of("attr-test.user", Integer.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use another name");
    }

    @Test
    void whenTypedAttributesAreSetThenTheStringMapSeesThemAndAWrongTypeIsReportedOnRead() {
        AttributeKey<Integer> count = AttributeKey.of("attr-test.count", Integer.class);
        Connection connection = new MapConnection();
        assertThat(connection.attr(count)).isNull();
        connection.setAttr(count, 3);
        assertThat(connection.attributes()).containsEntry("attr-test.count", 3);
        assertThat(connection.attrIfAbsent(count, c -> 7)).isEqualTo(3);
        assertThat(connection.removeAttr(count)).isEqualTo(3);
        assertThat(connection.attrIfAbsent(count, c -> 7)).isEqualTo(7);
        connection.setAttr(count, null);
        assertThat(connection.attributes()).doesNotContainKey("attr-test.count");
        connection.attributes().put("attr-test.count", "three"); // written around the key
        assertThatThrownBy(() -> connection.attr(count)).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("attr-test.count");
    }

    /** Only the attribute map is real. */
    private static final class MapConnection implements Connection {
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

        @Override public long id() { return 1; }
        @Override public InetSocketAddress remoteAddress() { return null; }
        @Override public InetSocketAddress localAddress() { return null; }
        @Override public boolean isOpen() { return true; }
        @Override public boolean isWritable() { return true; }
        @Override public void send(byte[] frame) { }
        @Override public void close() { }
        @Override public dev.loopwire.transport.loop.EventLoop eventLoop() { return null; }
        @Override public ConcurrentMap<String, Object> attributes() { return attributes; }
    }
}
