package dev.loopwire.spring.handler;

import dev.loopwire.spring.HandlerObservation;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * Invokes one {@code @MessageHandler} method for a frame: produces the arguments through the method's
 * {@link CompiledHandlerMethod} (or lets spring-messaging resolve them from the frame's {@code Message},
 * with the {@link Connection} provided, for the shapes and frames the compiled form leaves to it), times
 * the call when a recorder is present, asks the bean's {@code @MessageExceptionHandler} methods on failure,
 * and encodes the result as a {@link Reply}. Thread-safe; called on the server's handler thread.
 */
final class HandlerInvoker {

    private final String server;
    private final String route;
    private final InvocableHandlerMethod method;
    /** the fast path; null when spring-messaging resolves every frame's arguments */
    private final CompiledHandlerMethod compiled;
    private final ExceptionHandlerInvoker exceptionHandlers;
    private final ReplyEncoder encoder;
    /** null when nothing records: no clock is read then */
    private final HandlerObservation.Recorder recorder;

    HandlerInvoker(String server, String route, InvocableHandlerMethod method, CompiledHandlerMethod compiled,
            ExceptionHandlerInvoker exceptionHandlers, ReplyEncoder encoder, HandlerObservation.Recorder recorder) {
        this.server = server;
        this.route = route;
        this.method = method;
        this.compiled = compiled;
        this.exceptionHandlers = exceptionHandlers;
        this.encoder = encoder;
        this.recorder = recorder;
    }

    /** Whether frames take the compiled fast path (for tests and diagnostics). */
    boolean compiled() {
        return compiled != null;
    }

    /**
     * The reply to {@code payload}.
     *
     * @throws HandlerFailedException when the method fails and no exception handler answers
     */
    Reply invoke(Connection connection, byte[] payload) {
        long start = recorder == null ? 0L : System.nanoTime();
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
            record(start, failure);
            return encodeNow(recover(payload, connection, failure), connection);
        }
        if (result instanceof CompletionStage<?> stage) {
            return Reply.laterReply(later(stage, payload, connection, start));
        }
        record(start, null);
        return encodeNow(result, connection);
    }

    private void record(long start, Throwable failure) {
        if (recorder != null) {
            recorder.record(System.nanoTime() - start, failure);
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
            long start) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            record(start, failure);
            if (failure == null) {
                complete(reply, value, null, connection);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            try {
                complete(reply, recover(payload, connection, cause), null, connection);
            } catch (HandlerFailedException unhandled) {
                reply.completeExceptionally(unhandled);
            }
        });
        return reply;
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

    /** The exception handler's answer to {@code failure}; rethrows it wrapped when there is none. */
    private Object recover(byte[] payload, Connection connection, Throwable failure) {
        if (exceptionHandlers != null) {
            Message<byte[]> message = FrameMessages.of(payload, server, route, connection);
            Object handled = exceptionHandlers.handle(message, connection, failure);
            if (handled != ExceptionHandlerInvoker.NOT_HANDLED) {
                return handled;
            }
        }
        throw new HandlerFailedException(server, route, connection.id(), failure);
    }
}
