package dev.loopwire.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.test.LoopwireTestClient;
import dev.loopwire.spring.test.SocketExchange;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.RouteDispatch;
import dev.loopwire.transport.server.TcpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The demo's {@code lines} server runs on the pool, with PING and GET (annotation) and DEL (property)
 * answered on the I/O loop: a GET pipelined behind an INCR on the pool sees the increment, and a PING
 * behind an ORDER answers after it. Every server on port 0.
 */
@SpringBootTest(properties = { "loopwire.servers.lines.port=0", "loopwire.servers.json.port=0",
        "loopwire.servers.echo.port=0", "server.port=0" })
class DispatchPerRouteTests {

    @Autowired
    private LoopwireTestClient client;

    @Autowired
    private LoopwireServers servers;

    @Test
    void whenTheLinesServerStartsThenItsCheapRoutesOverrideThePoolWithIo() {
        TcpServer lines = servers.servers().stream().filter(server -> server.name().equals("lines")).findFirst()
                .orElseThrow();
        assertThat(lines.config().dispatch()).isEqualTo(Dispatch.POOL);
        assertThat(((RouteDispatch) lines.config().handler()).routeDispatches()).containsExactly(Dispatch.IO);
    }

    @Test
    void whenAGetIsPipelinedBehindAnIncrOnThePoolThenItSeesTheIncrement() {
        SocketExchange lines = client.serverWithGreeting("lines").expectLine("+OK loopwire ready");
        int rounds = 100;
        for (int i = 0; i < rounds; i++) {
            lines.send("INCR routed").send("GET routed");
        }
        for (int i = 1; i <= rounds; i++) {
            assertThat(lines.nextLine()).isEqualTo(":" + i);
            assertThat(lines.nextLine()).as("GET after INCR number %d", i).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void whenPingAndGetFollowASlowOrderThenRepliesKeepRequestOrder() {
        SocketExchange lines = client.serverWithGreeting("lines").expectLine("+OK loopwire ready")
                .send("SET book novel").expectLine("+OK");
        lines.send("ORDER book 2").send("PING").send("GET book").send("DEL book").send("GET book");
        assertThat(lines.nextLine()).matches(":\\d+");
        assertThat(lines.nextLine()).isEqualTo("+PONG");
        assertThat(lines.nextLine()).isEqualTo("novel");
        assertThat(lines.nextLine()).isEqualTo(":1");
        assertThat(lines.nextLine()).isEqualTo("$nil");
    }
}
