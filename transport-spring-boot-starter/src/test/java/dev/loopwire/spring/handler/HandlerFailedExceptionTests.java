package dev.loopwire.spring.handler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.loopwire.transport.dispatch.FailureLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Handler failures reach the core's rate-limited failure log grouped by route and exception type. */
class HandlerFailedExceptionTests {

    @Test
    void whenHandlersOfTwoRoutesFailThenTheFailureLogWritesOneLinePerRouteNamingIt() {
        Logger logger = (Logger) LoggerFactory.getLogger(HandlerFailedExceptionTests.class.getName() + ".log");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            FailureLog failureLog = new FailureLog(Duration.ofHours(1));
            failureLog.handlerFailed(logger, "kv", 1, "peer", failed("GET", 1));
            failureLog.handlerFailed(logger, "kv", 2, "peer", failed("SET", 2));
            failureLog.handlerFailed(logger, "kv", 3, "peer", failed("GET", 3));

            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains("on route 'GET'", "IllegalStateException"))
                    .anySatisfy(line -> assertThat(line).contains("on route 'SET'"));
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void whenHandlerFailsThenTheExceptionTellsTheFailureLogItsRoute() {
        assertThat(failed("GET", 1)).isInstanceOf(FailureLog.RouteAware.class)
                .extracting(failure -> ((FailureLog.RouteAware) failure).route()).isEqualTo("GET");
    }

    private static HandlerFailedException failed(String route, long connection) {
        return new HandlerFailedException("kv", route, connection, new IllegalStateException("boom"));
    }
}
