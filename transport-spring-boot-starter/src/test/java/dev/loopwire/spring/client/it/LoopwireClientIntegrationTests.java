package dev.loopwire.spring.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.spring.client.LoopwireClient;
import dev.loopwire.spring.client.LoopwireClients.ClientDescriptor;
import dev.loopwire.spring.endpoint.LoopwireEndpoint;
import dev.loopwire.spring.client.LoopwireClients;
import dev.loopwire.spring.client.LoopwireClientsHealthContributor;
import dev.loopwire.spring.client.MicrometerClientObservation;
import dev.loopwire.spring.client.it.OrderExchange.Confirmation;
import dev.loopwire.spring.client.it.OrderExchange.Order;
import dev.loopwire.transport.Connection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Configured and declarative clients against this application's own servers on 127.0.0.1, port 0: a
 * line server (pool dispatch, random delays) and a JSON server routed by a type field.
 */
@SpringBootTest(classes = LoopwireClientIntegrationTests.App.class, properties = {
        "loopwire.io-threads=1",
        "loopwire.servers.kv.host=127.0.0.1",
        "loopwire.servers.kv.port=0",
        "loopwire.servers.json.host=127.0.0.1",
        "loopwire.servers.json.port=0",
        "loopwire.servers.json.framing=length-field",
        "loopwire.servers.json.payload=json",
        "loopwire.servers.json.length-field.type-field.length=1",
        "loopwire.servers.loop.host=127.0.0.1",
        "loopwire.servers.loop.port=0",
        "loopwire.servers.loop.dispatch=io",
        "loopwire.clients.kv.server=kv",
        "loopwire.clients.kv.connections=2",
        "loopwire.clients.kv.max-in-flight-per-connection=256", // all 400 pipelined requests fit: no wait bound in play
        "loopwire.clients.orders.server=json",
        "loopwire.clients.orders.framing=length-field",
        "loopwire.clients.orders.payload=json",
        "loopwire.clients.orders.length-field.type-field.length=1",
        "loopwire.clients.loop.server=loop",
        "loopwire.clients.dead.port=1",
        "loopwire.clients.dead.reconnect.initial-backoff=50ms",
        "loopwire.clients.dead.reconnect.max-backoff=200ms" })
class LoopwireClientIntegrationTests {

    @Autowired
    private KvExchange kv;

    @Autowired
    private OrderExchange orders;

    @Autowired
    @Qualifier("kv")
    private LoopwireClient kvClient;

    @Autowired
    @Qualifier("loop")
    private LoopwireClient loopClient;

    @Autowired
    private LoopwireClients clients;

    @Autowired
    private Handlers handlers;

    @Autowired
    private MeterRegistry meterRegistry;

    @Autowired
    private LoopwireClientsHealthContributor health;

    @Autowired
    private LoopwireServers servers;

    @Test
    void whenLineMethodsAreCalledThenRouteWordAndArgumentsAreSentJoinedBySpaces() throws Exception {
        assertThat(kv.set("greeting", "hello")).isEqualTo("+OK");
        assertThat(kv.get("greeting").get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(kv.getOr("missing", "none")).isEqualTo("none");
        assertThat(kv.increment("n")).isEqualTo(1L);
        assertThat(kv.increment("n")).isEqualTo(2L);
        assertThat(handlers.lines).contains("SET greeting hello", "GET greeting", "INCR n");
    }

    @Test
    void whenOneWayMethodIsCalledThenTheLineIsSentAndNoReplyIsAwaited() {
        kv.log("something happened");
        await().atMost(Duration.ofSeconds(5)).until(() -> handlers.logged.contains("something happened"));
        // the LOG handler answers nothing, so later requests still get their own replies
        assertThat(kv.set("after", "log")).isEqualTo("+OK");
    }

    @Test
    void whenJsonMethodsAreCalledThenTheArgumentIsThePayloadAndTheRouteFillsTheTypeField() throws Exception {
        Confirmation placed = orders.place(new Order("tea", 2)).get(5, TimeUnit.SECONDS);
        assertThat(placed.item()).isEqualTo("tea");
        assertThat(placed.quantity()).isEqualTo(2);
        Confirmation now = orders.placeNow(new Order("cake", 1));
        assertThat(now.id()).isGreaterThan(placed.id());
        List<Confirmation> history = orders.history().get(5, TimeUnit.SECONDS);
        assertThat(history).extracting(Confirmation::item).contains("tea", "cake");
    }

    @Test
    void whenManyRequestsArePipelinedWithRandomServerDelaysThenEachGetsItsOwnReply() throws Exception {
        int requests = 400;
        List<CompletableFuture<String>> replies = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            replies.add(kvClient.request("ECHO " + i));
        }
        for (int i = 0; i < requests; i++) {
            assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("echo " + i);
        }
        // both connections carried requests, and requests overlapped on them (pipelining)
        assertThat(handlers.echoConnections).hasSize(2);
        assertThat(handlers.maxConcurrentEchoes.get()).isGreaterThan(1);
    }

    @Test
    void whenBlockingMethodIsCalledOnALoopThreadThenItFailsAtOnce() throws Exception {
        String reply = loopClient.request("BLOCK").get(5, TimeUnit.SECONDS);
        assertThat(reply).startsWith("refused: ").contains("loop thread").contains("must never block");
    }

    @Test
    void whenRequestsCompleteThenTheyAreTimedByClientRouteAndOutcome() throws Exception {
        kv.get("anything").get(5, TimeUnit.SECONDS);
        assertThat(meterRegistry.find(MicrometerClientObservation.REQUESTS)
                .tags("client", "kv", "route", "GET", "outcome", "success").timer())
                .isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
        assertThat(meterRegistry.find("loopwire.client.connections").tag("client", "kv").gauge()).isNotNull();
    }

    @Test
    void whenAClientCannotConnectThenItsHealthIsDownAndTheOthersAreUp() throws Exception {
        kv.get("warm").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> health("dead").getStatus() == Status.DOWN);
        Health dead = health("dead");
        assertThat(dead.getDetails()).containsEntry("address", "127.0.0.1:1").containsKey("lastFailure");
        assertThat(health("kv").getStatus()).isEqualTo(Status.UP);
        assertThat(clients.names()).containsExactly("kv", "orders", "loop", "dead");
    }

    @Test
    void whenTheLoopwireEndpointIsReadThenItListsTheClients() throws Exception {
        kv.get("warm").get(5, TimeUnit.SECONDS);
        LoopwireEndpoint endpoint = new LoopwireEndpoint(servers, clients::describe);
        Map<String, ?> listed = endpoint.loopwire().clients();
        assertThat(listed).containsOnlyKeys("kv", "orders", "loop", "dead");
        ClientDescriptor described = (ClientDescriptor) listed.get("kv");
        assertThat(described.server()).isEqualTo("kv");
        assertThat(described.address()).startsWith("127.0.0.1:");
        assertThat(described.connections()).isEqualTo(2);
        assertThat(described.state()).isEqualTo("UP");
        assertThat(described.framing()).contains("payload text");
    }

    private Health health(String client) {
        return ((HealthIndicator) health.getContributor(client)).health();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Handlers handlers(KvExchange kvExchange) {
            return new Handlers(kvExchange);
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** The servers' handlers. */
    static class Handlers {

        final KvExchange kvExchange;
        final Map<String, String> store = new ConcurrentHashMap<>();
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> logged = new CopyOnWriteArrayList<>();
        final Set<Long> echoConnections = ConcurrentHashMap.newKeySet();
        final AtomicLong concurrentEchoes = new AtomicLong();
        final AtomicLong maxConcurrentEchoes = new AtomicLong();
        final AtomicLong orderIds = new AtomicLong();
        final List<Confirmation> placed = new CopyOnWriteArrayList<>();

        Handlers(KvExchange kvExchange) {
            this.kvExchange = kvExchange;
        }

        @MessageHandler(server = "kv", route = "SET")
        String set(@Payload String args) {
            lines.add("SET " + args);
            String[] parts = args.split(" ", 2);
            store.put(parts[0], parts[1]);
            return "+OK";
        }

        @MessageHandler(server = "kv", route = "GET")
        String get(@Payload String key) {
            lines.add("GET " + key);
            return store.getOrDefault(key, "$nil");
        }

        @MessageHandler(server = "kv", route = "INCR")
        String increment(@Payload String key) {
            lines.add("INCR " + key);
            return Long.toString(Long.parseLong(store.merge(key, "1",
                    (old, one) -> Long.toString(Long.parseLong(old) + 1))));
        }

        @MessageHandler(server = "kv", route = "LOG")
        void log(@Payload String line) {
            logged.add(line);
        }

        @MessageHandler(server = "kv", route = "ECHO")
        CompletableFuture<String> echo(@Payload String n, Connection connection) {
            echoConnections.add(connection.id());
            long now = concurrentEchoes.incrementAndGet();
            maxConcurrentEchoes.accumulateAndGet(now, Math::max);
            return CompletableFuture.supplyAsync(() -> {
                concurrentEchoes.decrementAndGet();
                return "echo " + n;
            }, CompletableFuture.delayedExecutor(ThreadLocalRandom.current().nextInt(3), TimeUnit.MILLISECONDS));
        }

        @MessageHandler(server = "json", route = "1")
        Confirmation place(@Payload Order order) {
            Confirmation confirmation = new Confirmation(orderIds.incrementAndGet(), order.item(), order.quantity());
            placed.add(confirmation);
            return confirmation;
        }

        @MessageHandler(server = "json", route = "2")
        List<Confirmation> history() {
            return List.copyOf(placed);
        }

        @MessageHandler(server = "loop", route = "BLOCK")
        String blockOnLoop() {
            try {
                return "answered: " + kvExchange.getBlocking("x");
            } catch (IllegalStateException e) {
                return "refused: " + e.getMessage();
            }
        }
    }
}
