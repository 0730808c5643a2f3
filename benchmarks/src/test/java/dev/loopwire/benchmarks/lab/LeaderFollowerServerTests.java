package dev.loopwire.benchmarks.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader/follower hand-off: a leader serving a slow event has promoted a follower that serves others. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaderFollowerServerTests {

    @Test
    void whenOneConnectionBlocksItsThreadThenAPromotedFollowerAnswersAnother() throws Exception {
        try (LeaderFollowerServer server = new LeaderFollowerServer(2)) {
            int port = server.start();
            try (LineClient slow = new LineClient(port); LineClient fast = new LineClient(port)) {
                slow.send(List.of("WAIT 3000 slow"));
                fast.send(List.of("ECHO warm"));
                assertThat(fast.read(1)).containsExactly("warm"); // the slow one's thread may still lead: wait for it
                fast.send(List.of("ECHO fast"));
                assertThat(fast.read(1)).containsExactly("fast");
                assertThat(slow.hasUnreadReply()).as("the slow request is still being served").isFalse();
                assertThat(slow.read(1)).containsExactly("slow");
            }
        }
    }

    @Test
    void whenEventsOverlapUnderASmallLoadThenMoreThanOneThreadServesThem() throws Exception {
        try (LeaderFollowerServer server = new LeaderFollowerServer(4)) {
            int port = server.start();
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int c = 0; c < 4; c++) {
                    LineClient client = new LineClient(port);
                    clients.add(client);
                    client.send(List.of("WAIT 200 c" + c, "ECHO d" + c));
                }
                for (int c = 0; c < 4; c++) {
                    assertThat(clients.get(c).read(2)).containsExactly("c" + c, "d" + c);
                }
            } finally {
                for (LineClient client : clients) {
                    client.close();
                }
            }
            // each 200 ms wait holds its thread; the others were served meanwhile by promoted followers
            assertThat(server.eventsHandledBy()).hasSizeGreaterThanOrEqualTo(2);
        }
    }
}
