package dev.loopwire.transport.server;

import dev.loopwire.transport.connection.BusinessThread;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Factories for the business executors that run pool-dispatched handlers. Safe from any thread.
 */
public final class BusinessExecutors {

    private BusinessExecutors() {
    }

    /**
     * A fixed pool of {@code threads} daemon {@link BusinessThread}s named {@code <prefix>-N} with a bounded queue. The
     * queue holds drain tasks, at most one per connection, so {@code queueCapacity} should be at least
     * the connection limit; a full queue rejects (the loops then retry and stop reading), never runs a
     * task on the submitting loop thread.
     */
    public static ExecutorService bounded(String prefix, int threads, int queueCapacity) {
        if (threads < 1) {
            throw new IllegalArgumentException("business threads must be at least 1, was " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("business queue capacity must be at least 1, was " + queueCapacity);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), namedDaemonThreads(prefix),
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * One virtual thread per task (Java 21 or later).
     *
     * @throws IllegalStateException on an older JVM, saying which version runs and what to use instead
     */
    public static ExecutorService virtualThreads() {
        try {
            Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("dispatch 'virtual' needs Java 21 or later, but this JVM is Java "
                    + Runtime.version().feature() + "; use dispatch 'pool' or run on Java 21+");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not create the virtual-thread executor", e);
        }
    }

    /** True when this JVM has virtual threads (Java 21 or later). */
    public static boolean virtualThreadsAvailable() {
        return Runtime.version().feature() >= 21;
    }

    private static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new BusinessThread(runnable, prefix + "-" + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
