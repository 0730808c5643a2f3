package dev.loopwire.demo.echo;

import dev.loopwire.spring.annotation.MessageHandler;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** The {@code echo} server (io dispatch): every line comes back as it was, straight from the I/O loop. */
@Component
public class EchoHandler {

    @MessageHandler(server = "echo")
    public byte[] echo(@Payload byte[] line) {
        return line;
    }
}
