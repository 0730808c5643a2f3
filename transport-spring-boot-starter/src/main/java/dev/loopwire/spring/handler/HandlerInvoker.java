package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.spring.observation.LoopwireHandlerContext;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import io.micrometer.observation.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Invokes one {@code @MessageHandler} method for a frame: produces the arguments through the method's
 * {@link CompiledHandlerMethod} (or lets spring-messaging resolve them from the frame's {@code Message},
 * with the {@link Connection} provided, for the shapes and frames the compiled form leaves to it), times
 * the call when a recorder is present, observes it when an {@link HandlerObserver} is present, asks the
 * bean's {@code @MessageExceptionHandler} methods on failure, answers a payload that fails its
 * {@code @Valid} checks with the server's error reply, and encodes the result as a {@link Reply}.
 * Thread-safe; called on the server's handler thread.
 */
final class HandlerInvoker {

    private final String server;
    private final String route;
    private final InvocableHandlerMethod method;
    /** the fast path; null when spring-messaging resolves every frame's arguments */
    private final CompiledHandlerMethod compiled;
    private final ExceptionHandlerInvoker exceptionHandlers;
    private final ReplyEncoder encoder;
    /** null when nothing records */
    private final HandlerObservation.Recorder recorder;
    /** whether the recorder wants durations: no clock is read otherwise */
    private final boolean timed;
    /** the server's error replies, for payloads that fail validation */
    private final ErrorReplies errors;
    /** null when nothing is observed: no observation, scope or MDC entry per frame then */
    private final HandlerObserver observer;

    HandlerInvoker(String server, String route, InvocableHandlerMethod method, CompiledHandlerMethod compiled,
            ExceptionHandlerInvoker exceptionHandlers, ReplyEncoder encoder, HandlerObservation.Recorder recorder) {
        this(server, route, method, compiled, exceptionHandlers, encoder, recorder, null, null);
    }

    HandlerInvoker(String server, String route, InvocableHandlerMethod method, CompiledHandlerMethod compiled,
            ExceptionHandlerInvoker exceptionHandlers, ReplyEncoder encoder, HandlerObservation.Recorder recorder,
            ErrorReplies errors, HandlerObserver observer) {
        this.server = server;
        this.route = route;
        this.method = method;
        this.compiled = compiled;
        this.exceptionHandlers = exceptionHandlers;
        this.encoder = encoder;
        this.recorder = recorder;
        this.timed = recorder != null && recorder.timed();
        this.errors = errors;
        this.observer = observer;
    }

    /** Whether frames take the compiled fast path (for tests and diagnostics). */
    boolean compiled() {
        return compiled != null;
    }

    /** Whether invocations are timed: a clock is read before and after each (for tests and diagnostics). */
    boolean timed() {
        return timed;
    }

    /** Whether invocations are observed (for tests and diagnostics). */
    boolean observed() {
        return observer != null;
    }

    /**
     * The reply to {@code payload}.
     *
     * @throws HandlerFailedException when the method fails and no exception handler answers
     */
    Reply invoke(Connection connection, byte[] payload) {
        Observation observation = observer == null ? null : observer.start(server, route, connection.id());
        if (observation == null) {
            return invoke(connection, payload, null);
        }
        Observed observed = new Observed(observation, connection.id());
        try (HandlerObserver.Scope scope = HandlerObserver.open(observation, connection.id())) {
            return invoke(connection, payload, observed);
        } finally {
            if (!observed.async) {
                HandlerObserver.stop(observation, observed.outcome, observed.failure);
            }
        }
    }

    private Reply invoke(Connection connection, byte[] payload, Observed observed) {
        long start = timed ? System.nanoTime() : 0L;
        Object result;
        try {
            result = ArgumentSource.UNRESOLVED;
            if (compiled != null) {
                result = compiled.invoke(connection, payload,
                        compiled.needsMessage() ? FrameMessages.of(payload, server, route, connection) : null);
            }
            if (result == ArgumentSource.UNRESOLVED) {
                result = method.invoke(FrameMessages.of(payload, server, route, connection), connection);
            }
        } catch (Exception failure) {
            finished(start, failure, observed);
            return encodeNow(recover(payload, connection, failure), connection);
        }
        if (result instanceof CompletionStage<?> stage) {
            if (observed != null) {
                observed.async = true;
            }
            return Reply.laterReply(later(stage, payload, connection, start, observed));
        }
        finished(start, null, observed);
        return encodeNow(result, connection);
    }

    private void finished(long start, Throwable failure, Observed observed) {
        if (recorder != null) {
            recorder.record(timed ? System.nanoTime() - start : 0L, failure);
        }
        if (observed != null && failure != null) {
            observed.failure = failure;
            observed.outcome = failure instanceof MethodArgumentNotValidException ? LoopwireHandlerContext.INVALID
                    : LoopwireHandlerContext.ERROR;
        }
    }

    private Reply encodeNow(Object result, Connection connection) {
        if (result instanceof CompletionStage<?> stage) {
            // an exception handler answered asynchronously
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            stage.whenComplete((value, failure) -> complete(reply, value, failure, connection));
            return Reply.laterReply(reply);
        }
        try {
            return encoder.encode(result);
        } catch (RuntimeException encodingFailure) {
            throw new HandlerFailedException(server, route, connection.id(), encodingFailure);
        }
    }

    private CompletableFuture<Reply> later(CompletionStage<?> stage, byte[] payload, Connection connection,
            long start, Observed observed) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (observed == null) {
                completeLater(reply, value, failure, payload, connection, start, null);
                return;
            }
            // the completing thread: the observation and MDC entry are current while the reply is produced
            try (HandlerObserver.Scope scope = HandlerObserver.open(observed.observation, observed.connectionId)) {
                completeLater(reply, value, failure, payload, connection, start, observed);
            } finally {
                HandlerObserver.stop(observed.observation, observed.outcome, observed.failure);
            }
        });
        return reply;
    }

    private void completeLater(CompletableFuture<Reply> reply, Object value, Throwable failure, byte[] payload,
            Connection connection, long start, Observed observed) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        finished(start, cause, observed);
        if (failure == null) {
            complete(reply, value, null, connection);
            return;
        }
        try {
            complete(reply, recover(payload, connection, cause), null, connection);
        } catch (HandlerFailedException unhandled) {
            reply.completeExceptionally(unhandled);
        }
    }

    private void complete(CompletableFuture<Reply> reply, Object value, Throwable failure, Connection connection) {
        if (failure != null) {
            reply.completeExceptionally(new HandlerFailedException(server, route, connection.id(), failure));
            return;
        }
        try {
            reply.complete(encoder.encodeCompleted(value));
        } catch (RuntimeException encodingFailure) {
            reply.completeExceptionally(new HandlerFailedException(server, route, connection.id(), encodingFailure));
        }
    }

    /**
     * The exception handler's answer to {@code failure}; the error reply naming the fields when the payload
     * failed validation; else rethrows it wrapped.
     */
    private Object recover(byte[] payload, Connection connection, Throwable failure) {
        if (exceptionHandlers != null) {
            Message<byte[]> message = FrameMessages.of(payload, server, route, connection);
            Object handled = exceptionHandlers.handle(message, connection, failure);
            if (handled != ExceptionHandlerInvoker.NOT_HANDLED) {
                return handled;
            }
        }
        if (errors != null && failure instanceof MethodArgumentNotValidException invalid) {
            // the client's mistake, not the handler's: answered (or closed, by on-error) without a failure log line
            return errors.reply(ErrorReplies.describe(invalid));
        }
        throw new HandlerFailedException(server, route, connection.id(), failure);
    }

    /** One observed invocation's state; written on the handler thread, then read where it stops. */
    private static final class Observed {

        final Observation observation;
        final long connectionId;
        /** set before the handler thread lets go of the reply: the completion happens-after it */
        boolean async;
        volatile String outcome = LoopwireHandlerContext.SUCCESS;
        volatile Throwable failure;

        Observed(Observation observation, long connectionId) {
            this.observation = observation;
            this.connectionId = connectionId;
        }
    }
}
