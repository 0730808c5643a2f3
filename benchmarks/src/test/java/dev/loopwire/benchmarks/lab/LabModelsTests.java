package dev.loopwire.benchmarks.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every runnable lab model (in this JVM, on 127.0.0.1, port 0) answers pipelined mixed streams with the
 * right payloads in request order, whatever its threads: quick echoes behind slow waits and CPU spins, a
 * bad line in the middle, input split at every byte, and a neighbour that closes mid-pipeline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LabModelsTests {

    static Stream<LabModel> models() {
        return Stream.of(LabModel.values()).filter(m -> m.unavailableReason(Runtime.version().feature()) == null);
    }

    /** A mixed pipeline of {@code count} requests for connection {@code c}: echo, CPU, short and longer waits. */
    static List<String> requests(int c, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String payload = String.format(Locale.ROOT, "c%d-r%03d payload with spaces", c, i);
            lines.add(switch (i % 7) {
                case 0 -> "WAIT " + (i == 0 ? 30 : 2) + " " + payload;
                case 3 -> "CPU 20 " + payload;
                default -> "ECHO " + payload;
            });
        }
        return lines;
    }

    static List<String> expected(List<String> requests) {
        List<String> replies = new ArrayList<>();
        for (String request : requests) {
            String rest = request.substring(request.indexOf(' ') + 1);
            replies.add(request.startsWith("ECHO ") ? rest : rest.substring(rest.indexOf(' ') + 1));
        }
        return replies;
    }

    @ParameterizedTest
    @MethodSource("models")
    void whenConnectionsPipelineMixedRequestsThenEachGetsItsRepliesInOrder(LabModel model) throws Exception {
        try (LabServer server = model.server(2, 4)) {
            int port = server.start();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> answers = new ArrayList<>();
                List<List<String>> sent = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    List<String> requests = requests(c, 60);
                    sent.add(requests);
                    answers.add(clients.submit(() -> {
                        try (LineClient client = new LineClient(port)) {
                            client.send(requests);
                            return client.read(requests.size());
                        }
                    }));
                }
                for (int c = 0; c < 4; c++) {
                    assertThat(answers.get(c).get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected(sent.get(c)));
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void whenInputArrivesOneByteAtATimeWithABadLineThenRepliesStayInOrder(LabModel model) throws Exception {
        try (LabServer server = model.server(2, 4)) {
            int port = server.start();
            List<String> requests = new ArrayList<>(requests(9, 10));
            requests.add(4, "BOGUS line");
            try (LineClient client = new LineClient(port)) {
                client.sendByteByByte(requests);
                List<String> replies = client.read(requests.size());
                assertThat(replies.get(4)).startsWith("ERR unknown command BOGUS");
                replies.remove(4);
                requests.remove(4);
                assertThat(replies).containsExactlyElementsOf(expected(requests));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void whenANeighbourClosesMidPipelineThenTheOtherConnectionIsStillAnsweredInOrder(LabModel model)
            throws Exception {
        try (LabServer server = model.server(2, 4)) {
            int port = server.start();
            try (LineClient quitter = new LineClient(port); LineClient stayer = new LineClient(port)) {
                quitter.send(requests(1, 40));
                quitter.close(); // unread replies: the server sees a reset in the middle of its work
                List<String> requests = requests(2, 40);
                stayer.send(requests);
                assertThat(stayer.read(requests.size())).containsExactlyElementsOf(expected(requests));
            }
        }
    }
}
