package dev.loopwire.transport.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** The failure log under a flood of handler failures, on a clock the test moves. */
class FailureLogTests {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(1_000);
    private final CapturingLogger log = new CapturingLogger(false);
    private final FailureLog failureLog = new FailureLog(INTERVAL, clock::get);

    @Test
    void whenFirstFailureThenOneWarnLineWithItsStackTraceIsWritten() {
        failureLog.handlerFailed(log, "lines", 7, "/10.0.0.1:5000", new IllegalStateException("boom"));

        assertThat(log.lines).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo(Level.WARN);
            assertThat(line.message()).contains("Server lines", "connection 7", "/10.0.0.1:5000",
                    "IllegalStateException", "at most once per 10 s");
            assertThat(line.thrown()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
    }

    @Test
    void whenFailuresFloodWithinOneIntervalThenNoFurtherLineIsWritten() {
        for (int i = 0; i < 10_000; i++) {
            failureLog.handlerFailed(log, "lines", i, "peer", new IllegalStateException("boom " + i));
            clock.addAndGet(INTERVAL.toNanos() / 20_000); // the whole flood lasts half an interval
        }

        assertThat(log.lines).hasSize(1);
    }

    @Test
    void whenIntervalHasPassedThenTheNextLineCarriesTheCountSinceTheLastLine() {
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalStateException("first"));
        for (int i = 0; i < 499; i++) {
            clock.addAndGet(1_000_000); // 1 ms
            failureLog.handlerFailed(log, "lines", 2, "peer", new IllegalStateException("quiet " + i));
        }
        assertThat(log.lines).hasSize(1);

        clock.set(1_000 + INTERVAL.toNanos());
        failureLog.handlerFailed(log, "lines", 3, "peer", new IllegalStateException("latest"));

        assertThat(log.lines).hasSize(2);
        LogLine second = log.lines.get(1);
        assertThat(second.level()).isEqualTo(Level.WARN);
        assertThat(countIn(second)).isEqualTo(500); // 499 quiet ones and the latest
        assertThat(second.message()).contains("connection 3", "latest");
        assertThat(second.thrown()).as("no stack trace after the first line").isNull();

        // the window starts again at the line: one more failure just before the next interval is quiet
        clock.addAndGet(INTERVAL.toNanos() - 1);
        failureLog.handlerFailed(log, "lines", 4, "peer", new IllegalStateException("quiet"));
        assertThat(log.lines).hasSize(2);
        clock.addAndGet(1);
        failureLog.handlerFailed(log, "lines", 5, "peer", new IllegalStateException("due"));
        assertThat(log.lines).hasSize(3);
        assertThat(countIn(log.lines.get(2))).isEqualTo(2);
    }

    @Test
    void whenExceptionTypesDifferThenEachHasItsOwnInterval() {
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalStateException("a"));
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalArgumentException("b"));
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalStateException("a again"));
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalArgumentException("b again"));

        assertThat(log.lines).hasSize(2);
        assertThat(log.lines.get(0).thrown()).isInstanceOf(IllegalStateException.class);
        assertThat(log.lines.get(1).thrown()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenFailuresAreRouteAwareThenTheyAreGroupedByRouteAndCauseType() {
        failureLog.handlerFailed(log, "lines", 1, "peer", new RoutedFailure("GET", new IllegalStateException()));
        failureLog.handlerFailed(log, "lines", 1, "peer", new RoutedFailure("SET", new IllegalStateException()));
        failureLog.handlerFailed(log, "lines", 1, "peer", new RoutedFailure("GET", new ArithmeticException()));
        failureLog.handlerFailed(log, "lines", 1, "peer", new RoutedFailure("GET", new IllegalStateException()));
        failureLog.handlerFailed(log, "lines", 1, "peer", new RoutedFailure("SET", new IllegalStateException()));

        assertThat(log.lines).extracting(LogLine::message).hasSize(3).satisfiesExactly(
                first -> assertThat(first).contains("route 'GET'", "IllegalStateException"),
                second -> assertThat(second).contains("route 'SET'", "IllegalStateException"),
                third -> assertThat(third).contains("route 'GET'", "ArithmeticException"));
    }

    @Test
    void whenDebugIsOnThenEveryFailureIsLoggedWithItsStackTrace() {
        CapturingLogger debugLog = new CapturingLogger(true);
        for (int i = 0; i < 5; i++) {
            failureLog.handlerFailed(debugLog, "lines", i, "peer", new IllegalStateException("boom"));
        }

        assertThat(debugLog.lines).filteredOn(line -> line.level() == Level.DEBUG).hasSize(5)
                .allSatisfy(line -> assertThat(line.thrown()).isInstanceOf(IllegalStateException.class));
        assertThat(debugLog.lines).filteredOn(line -> line.level() == Level.WARN).hasSize(1);
    }

    @Test
    void whenFailuresComeFromManyThreadsThenAllAreCountedInTheLines() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    clock.addAndGet(INTERVAL.toNanos() / 1_000); // ~80 intervals over the whole run
                    failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalStateException());
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        clock.addAndGet(INTERVAL.toNanos());
        failureLog.handlerFailed(log, "lines", 1, "peer", new IllegalStateException("last"));

        long reported = 1; // the first line stands for one failure
        for (LogLine line : log.lines.subList(1, log.lines.size())) {
            reported += countIn(line);
        }
        assertThat(reported).isEqualTo(threads * perThread + 1L);
        assertThat(log.lines.size()).isBetween(2, threads * perThread / 1_000 + 2);
    }

    @Test
    void whenIntervalIsNotPositiveThenItIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FailureLog(Duration.ZERO))
                .withMessageContaining("interval");
    }

    private static long countIn(LogLine line) {
        Matcher matcher = Pattern.compile(": (\\d+) handler failure").matcher(line.message());
        assertThat(matcher.find()).as("count in '%s'", line.message()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** What the starter's handler failure looks like to the core. */
    private static final class RoutedFailure extends RuntimeException implements FailureLog.RouteAware {

        private static final long serialVersionUID = 1L;

        private final String route;

        RoutedFailure(String route, Throwable cause) {
            super(cause);
            this.route = route;
        }

        @Override
        public String route() {
            return route;
        }
    }

    private record LogLine(Level level, String message, Throwable thrown) {
    }

    /** Keeps every line; DEBUG enabled or not. */
    private static final class CapturingLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        final List<LogLine> lines = new CopyOnWriteArrayList<>();
        private final boolean debug;

        CapturingLogger(boolean debug) {
            this.debug = debug;
            this.name = "capturing";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            Throwable thrown = throwable;
            Object[] args = arguments;
            if (thrown == null && args != null && args.length > 0 && args[args.length - 1] instanceof Throwable last) {
                thrown = last;
            }
            lines.add(new LogLine(level, MessageFormatter.basicArrayFormat(messagePattern, args), thrown));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return debug;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
