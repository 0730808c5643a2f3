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
 * Invokes one {@code @MessageHandler} method for a frame: builds the message, lets spring-messaging
 * resolve the arguments (the {@link Connection} is provided), times the call, asks the bean's
 * {@code @MessageExceptionHandler} methods on failure, and encodes the result as a {@link Reply}.
 * Thread-safe; called on the server's handler thread.
 */
final class HandlerInvoker {

    private final String server;
    private final String route;
    private final InvocableHandlerMethod method;
    private final ExceptionHandlerInvoker exceptionHandlers;
    private final ReplyEncoder encoder;
    private final HandlerObservation.Recorder recorder;

    HandlerInvoker(String server, String route, InvocableHandlerMethod method,
            ExceptionHandlerInvoker exceptionHandlers, ReplyEncoder encoder, HandlerObservation.Recorder recorder) {
        this.server = server;
        this.route = route;
        this.method = method;
        this.exceptionHandlers = exceptionHandlers;
        this.encoder = encoder;
        this.recorder = recorder;
    }

    /**
     * The reply to {@code payload}.
     *
     * @throws HandlerFailedException when the method fails and no exception handler answers
     */
    Reply invoke(Connection connection, byte[] payload) {
        Message<byte[]> message = FrameMessages.of(payload, server, route, connection);
        long start = System.nanoTime();
        Object result;
        try {
            result = method.invoke(message, connection);
        } catch (Exception failure) {
            recorder.record(System.nanoTime() - start, failure);
            return encodeNow(recover(message, connection, failure), connection);
        }
        if (result instanceof CompletionStage<?> stage) {
            return Reply.laterReply(later(stage, message, connection, start));
        }
        recorder.record(System.nanoTime() - start, null);
        return encodeNow(result, connection);
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

    private CompletableFuture<Reply> later(CompletionStage<?> stage, Message<byte[]> message, Connection connection,
            long start) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            recorder.record(System.nanoTime() - start, failure);
            if (failure == null) {
                complete(reply, value, null, connection);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            try {
                complete(reply, recover(message, connection, cause), null, connection);
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
    private Object recover(Message<byte[]> message, Connection connection, Throwable failure) {
        if (exceptionHandlers != null) {
            Object handled = exceptionHandlers.handle(message, connection, failure);
            if (handled != ExceptionHandlerInvoker.NOT_HANDLED) {
                return handled;
            }
        }
        throw new HandlerFailedException(server, route, connection.id(), failure);
    }
}
