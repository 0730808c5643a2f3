package dev.loopwire.it.starteronly;

import dev.loopwire.spring.annotation.MessageHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * The smallest Loopwire application a new user writes: the starter as its only dependency, one
 * {@code @MessageHandler} bean, its servers in {@code application.yml}.
 */
@SpringBootApplication
public class StarterOnlyApplication {

    public static void main(String[] args) {
        SpringApplication.run(StarterOnlyApplication.class, args);
    }

    /** {@code PING} answers {@code +PONG}; the {@code lines} server comes from application.yml. */
    @Component
    public static class PingHandler {

        @MessageHandler(server = "lines", route = "PING")
        public String ping(@Payload(required = false) String args) {
            return "+PONG";
        }
    }
}
