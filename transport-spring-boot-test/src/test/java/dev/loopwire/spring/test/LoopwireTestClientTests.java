package dev.loopwire.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.transport.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Payload;

/** The test client against a line server and a JSON server on port 0, over sockets and in memory. */
@SpringBootTest(classes = LoopwireTestClientTests.App.class, properties = {
        "loopwire.io-threads=1",
        "loopwire.servers.lines.host=127.0.0.1",
        "loopwire.servers.lines.port=0",
        "loopwire.servers.json.host=127.0.0.1",
        "loopwire.servers.json.port=0",
        "loopwire.servers.json.framing=length-field",
        "loopwire.servers.json.payload=json" })
class LoopwireTestClientTests {

    record Order(String item, int quantity) {
    }

    record Confirmation(String item, int quantity, String status) {
    }

    @Autowired
    private LoopwireTestClient client;

    @Test
    void whenServerIsAskedByNameThenItSpeaksThatServersLineFraming() {
        client.server("lines").send("PING").send("ECHO a b").expectLine("+PONG").expectLine("a b");
    }

    @Test
    void whenJsonServerIsAskedThenRepliesAreReadAsJsonForAssertJ() {
        client.server("json").sendJson(new Order("book", 2))
                .expectJson(Confirmation.class).isEqualTo(new Confirmation("book", 2, "accepted"));
    }

    @Test
    void whenHandlerIsAskedThenFramesGoThroughTheSameRoutingInMemory() {
        HandlerExchange lines = client.handler("lines");
        lines.send("PING").expectLine("+PONG");
        lines.send("NOPE").expectLine("-ERR unknown command 'NOPE'");
        lines.send("QUIT").expectLine("+BYE").expectClosed();
        client.handler("json").sendJson(new Order("pen", 1)).expectJson(Confirmation.class)
                .extracting(Confirmation::status).isEqualTo("accepted");
    }

    @Test
    void whenTheReplyDiffersThenTheAssertionNamesTheServer() {
        assertThatThrownBy(() -> client.server("lines").send("PING").expectLine("+PANG"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("lines").hasMessageContaining("+PONG");
        assertThatThrownBy(() -> client.server("nope"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'nope'");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Handlers handlers() {
            return new Handlers();
        }
    }

    static class Handlers {

        @MessageHandler(server = "lines", route = "PING")
        String ping() {
            return "+PONG";
        }

        @MessageHandler(server = "lines", route = "ECHO")
        String echo(@Payload String text) {
            return text;
        }

        @MessageHandler(server = "lines", route = "QUIT")
        Reply quit() {
            return Reply.ofAndClose("+BYE".getBytes(StandardCharsets.UTF_8));
        }

        @MessageHandler(server = "json")
        Confirmation order(@Payload Order order) {
            assertThat(order.quantity()).isPositive();
            return new Confirmation(order.item(), order.quantity(), "accepted");
        }
    }
}
