package dev.loopwire.spring.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/** Builds clients straight from properties, without a Spring context, and stops them all at the end. */
final class TestClients implements AutoCloseable {

    final ClientThreads threads = new ClientThreads(1);
    final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final List<LoopwireClient> made = new CopyOnWriteArrayList<>();
    private final LoopwireClientFactory factory = new LoopwireClientFactory(threads, JsonMapper.builder().build(),
            null, () -> null, (client, route, outcome, nanos) -> outcomes.add(client + "/" + route + "/" + outcome));

    /** A started client of 127.0.0.1:{@code port}, fast defaults for tests, adjusted by {@code settings}. */
    LoopwireClient client(String name, int port, Consumer<LoopwireClientProperties> settings) {
        LoopwireClientProperties properties = new LoopwireClientProperties();
        properties.setPort(port);
        properties.setConnectTimeout(Duration.ofSeconds(2));
        properties.setRequestTimeout(Duration.ofSeconds(5));
        properties.getReconnect().setInitialBackoff(Duration.ofMillis(20));
        properties.getReconnect().setMaxBackoff(Duration.ofMillis(200));
        settings.accept(properties);
        LoopwireClient client = factory.create(name, properties);
        made.add(client);
        client.start();
        return client;
    }

    @Override
    public void close() {
        for (LoopwireClient client : made) {
            client.stop(Duration.ZERO).join();
        }
        threads.close();
    }
}
