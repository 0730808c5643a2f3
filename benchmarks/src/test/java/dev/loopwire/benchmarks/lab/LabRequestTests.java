package dev.loopwire.benchmarks.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lab protocol's decoding: costs and payloads, and errors that tell the client what to send. */
class LabRequestTests {

    private static LabRequest decode(String line) {
        return LabRequest.decode(line.getBytes(StandardCharsets.US_ASCII));
    }

    private static String reply(LabRequest request) {
        return new String(request.reply(), StandardCharsets.US_ASCII);
    }

    @Test
    void whenCommandsAreWellFormedThenKindAmountAndPayloadAreDecoded() {
        assertThat(decode("ECHO a b")).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(LabRequest.Kind.ECHO);
            assertThat(reply(r)).isEqualTo("a b");
        });
        assertThat(decode("CPU 50 x")).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(LabRequest.Kind.CPU);
            assertThat(r.amount()).isEqualTo(50);
            assertThat(reply(r)).isEqualTo("x");
        });
        assertThat(decode("WAIT 20 y z")).satisfies(r -> {
            assertThat(r.kind()).isEqualTo(LabRequest.Kind.WAIT);
            assertThat(r.amount()).isEqualTo(20);
            assertThat(reply(r)).isEqualTo("y z");
        });
        assertThat(reply(decode("ECHO "))).isEmpty();
    }

    @Test
    void whenALineIsMalformedThenTheReplyIsAnErrorThatSaysWhatToSend() {
        assertThat(reply(decode("PING"))).startsWith("ERR a line is ECHO <payload>");
        assertThat(reply(decode("GET x"))).isEqualTo("ERR unknown command GET; send ECHO, CPU or WAIT");
        assertThat(reply(decode("CPU x y"))).startsWith("ERR CPU needs a number");
        assertThat(reply(decode("WAIT 5"))).startsWith("ERR WAIT needs a number");
        assertThat(reply(decode("WAIT -1 p"))).startsWith("ERR WAIT needs a number");
        assertThat(reply(decode("CPU 9999999999 p"))).startsWith("ERR CPU needs a number");
    }

    @Test
    void whenTheMixedWorkloadNumbersRequestsThenEveryTwentiethIsTheSlowWait() {
        int slow = 0;
        for (long seq = 0; seq < 200; seq++) {
            String prefix = new String(LabWorkload.MIXED.forSequence(seq), StandardCharsets.US_ASCII);
            assertThat(prefix).isIn("ECHO ", "WAIT 20 ");
            slow += prefix.equals("WAIT 20 ") ? 1 : 0;
        }
        assertThat(slow).isEqualTo(10);
        assertThat(LabWorkload.MIXED.forSequence(19)).isEqualTo("WAIT 20 ".getBytes(StandardCharsets.US_ASCII));
    }
}
