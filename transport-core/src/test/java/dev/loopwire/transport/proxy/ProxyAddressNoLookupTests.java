package dev.loopwire.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 5: address text in a PROXY header (or a trusted-proxy range) never reaches a name
 * resolver. Proven in a child JVM whose resolver answers from a hosts file ({@code -Djdk.net.hosts.file})
 * that maps the header's non-literal {@code .a1:b} to an IPv6 address: a parser that asked the resolver
 * would accept the header with that address (the old one did); one that parses by hand refuses it.
 */
class ProxyAddressNoLookupTests {

    @Test
    void whenAHeaderAddressIsAResolvableNameThenItIsRefusedWithoutAskingTheResolver(@TempDir Path dir)
            throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, NoLookupChild.ADDRESS + " " + NoLookupChild.NAME + "\n127.0.0.1 localhost\n",
                StandardCharsets.US_ASCII);
        List<String> lines = runChild(hosts);

        String resolved = InetAddress.getByName(NoLookupChild.ADDRESS).getHostAddress();
        assertThat(lines).as("the child's resolver answers from the hosts file, so a lookup would succeed")
                .contains("resolver " + resolved);
        assertThat(lines).contains("header rejected malformed", "range none");
    }

    private static List<String> runChild(Path hosts) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Djdk.net.hosts.file=" + hosts, "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), NoLookupChild.class.getName())
                .redirectErrorStream(true).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            return output.lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }
}
