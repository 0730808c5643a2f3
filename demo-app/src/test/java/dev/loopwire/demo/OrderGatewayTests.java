package dev.loopwire.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.demo.orders.OrderConfirmation;
import dev.loopwire.demo.orders.OrderRequest;
import dev.loopwire.spring.test.LoopwireTestClient;
import dev.loopwire.spring.test.SocketExchange;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The line protocol in front of the JSON protocol: {@code ORDER} on {@code lines} calls {@code json}
 * through the declarative {@code OrderService} client. Driven with {@link LoopwireTestClient}, over
 * sockets and in memory; every server on port 0.
 */
@SpringBootTest(properties = { "loopwire.servers.lines.port=0", "loopwire.servers.json.port=0",
        "loopwire.servers.echo.port=0", "server.port=0" })
class OrderGatewayTests {

    @Autowired
    private LoopwireTestClient client;

    @Test
    void whenAnOrderIsPlacedOnTheLineServerThenTheJsonServerTakesItAndItsIdComesBack() {
        String reply = client.serverWithGreeting("lines").expectLine("+OK loopwire ready")
                .send("ORDER book 2").nextLine();
        assertThat(reply).matches(":\\d+");
        long id = Long.parseLong(reply.substring(1));
        // the json server numbered it: its next order gets a later id
        client.server("json").sendJson(new OrderRequest("pen", 1))
                .expectJson(OrderConfirmation.class)
                .satisfies(confirmation -> assertThat(confirmation.orderId()).isGreaterThan(id))
                .extracting(OrderConfirmation::status).isEqualTo("accepted");
    }

    @Test
    void whenTheJsonServerRejectsTheOrderThenTheLineSaysWhy() {
        client.serverWithGreeting("lines")
                .expectLine("+OK loopwire ready")
                .send("ORDER book 0").expectLine("-ERR order rejected: invalid payload: quantity must be between 1 and 1000")
                .send("ORDER book 1001").expectLine("-ERR order rejected: invalid payload: quantity must be between 1 and 1000")
                .send("ORDER book").expectLine("-ERR wrong number of arguments for 'ORDER' (usage: ORDER item quantity)")
                .send("ORDER book two").expectLine("-ERR quantity 'two' is not a number")
                .send("PING").expectLine("+PONG");
    }

    @Test
    void whenOrdersArePipelinedOnOneLineConnectionThenEachGetsItsOwnId() {
        SocketExchange lines = client.serverWithGreeting("lines").expectLine("+OK loopwire ready");
        int orders = 50;
        for (int i = 0; i < orders; i++) {
            lines.send("ORDER item" + i + " " + (i + 1));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < orders; i++) {
            String reply = lines.nextLine();
            assertThat(reply).matches(":\\d+");
            ids.add(reply);
        }
        assertThat(ids).hasSize(orders);
    }

    @Test
    void whenTheLineHandlerIsCalledInMemoryThenOrderStillGoesToTheJsonServer() {
        client.handler("lines")
                .send("PING").expectLine("+PONG")
                .send("SET k v").expectLine("+OK")
                .send("GET k").expectLine("v");
        assertThat(client.handler("lines").send("ORDER tea 3").nextLine()).matches(":\\d+");
    }
}
