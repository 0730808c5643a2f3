package dev.loopwire.demo.pubsub;

import dev.loopwire.spring.annotation.OnConnect;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code lines} server speaks first, as SMTP and FTP servers do: every new connection reads
 * {@code demo.lines.greeting} (default {@code +OK loopwire ready}) before the reply to its first command.
 * An empty greeting turns it off.
 */
@Component
public class LinesGreeting {

    private final String greeting;

    public LinesGreeting(@Value("${demo.lines.greeting:+OK loopwire ready}") String greeting) {
        this.greeting = greeting;
    }

    @OnConnect(server = "lines")
    public String greet() {
        return greeting.isEmpty() ? null : greeting;
    }
}
