package dev.loopwire.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Loopwire demo: a key-value store over a line protocol ({@code lines}, port 7000), JSON orders
 * over length-framed messages ({@code json}, port 7001), an echo server on the I/O loops ({@code echo},
 * port 7002), and Actuator on port 8080. See {@code application.yml} and the README's tour.
 */
@SpringBootApplication
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
