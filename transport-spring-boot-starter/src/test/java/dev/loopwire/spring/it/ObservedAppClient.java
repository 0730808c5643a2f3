package dev.loopwire.spring.it;

import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * What the tests of {@link ObservationIntegrationTests.App} with observations off share: a line client, the
 * application's observation recorder and meters, and one {@code WHO} request to a server. Test thread only.
 */
abstract class ObservedAppClient {

    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());

    @Autowired
    private Environment environment;

    @Autowired
    ObservationIntegrationTests.Recorder recorder;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void closeClient() {
        client.close();
    }

    /** Connects to {@code server} and sends {@code WHO} {@code times} times on one connection; the last reply. */
    String who(String server, int times) throws Exception {
        int port = environment.getRequiredProperty("local.loopwire." + server + ".port", Integer.class);
        ClientConnection connection = client.connect("127.0.0.1", port);
        String reply = null;
        for (int i = 0; i < times; i++) {
            reply = new String(connection.request("WHO".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS),
                    StandardCharsets.UTF_8);
        }
        return reply;
    }
}
