package dev.loopwire.spring.handler;

import dev.loopwire.transport.Connection;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.AnnotationExceptionHandlerMethodResolver;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * The {@code @MessageExceptionHandler} methods of one handler bean, resolved by spring-messaging's
 * {@link AnnotationExceptionHandlerMethodResolver}. Such a method may take the exception, the
 * {@code Message}, headers and the {@link Connection}; what it returns is the reply. Thread-safe; called
 * on the thread where the handler failed.
 */
final class ExceptionHandlerInvoker {

    /** Returned by {@link #handle} when no method handles the exception (or the method failed). */
    static final Object NOT_HANDLED = new Object();

    private static final Logger log = LoggerFactory.getLogger(ExceptionHandlerInvoker.class);

    private final Object bean;
    private final AnnotationExceptionHandlerMethodResolver resolver;
    private final MessageHandlerMethodFactory factory;
    private final Map<Method, InvocableHandlerMethod> invocables = new ConcurrentHashMap<>();

    private ExceptionHandlerInvoker(Object bean, AnnotationExceptionHandlerMethodResolver resolver,
            MessageHandlerMethodFactory factory) {
        this.bean = bean;
        this.resolver = resolver;
        this.factory = factory;
    }

    /** The exception handlers of {@code bean}, or null when it has none. */
    static ExceptionHandlerInvoker forBean(Object bean, MessageHandlerMethodFactory factory) {
        AnnotationExceptionHandlerMethodResolver resolver =
                new AnnotationExceptionHandlerMethodResolver(AopUtils.getTargetClass(bean));
        return resolver.hasExceptionMappings() ? new ExceptionHandlerInvoker(bean, resolver, factory) : null;
    }

    /** The exception handler's return value, or {@link #NOT_HANDLED}. */
    Object handle(Message<byte[]> message, Connection connection, Throwable failure) {
        Method method = resolver.resolveMethod(failure);
        if (method == null) {
            return NOT_HANDLED;
        }
        InvocableHandlerMethod invocable = invocables.computeIfAbsent(method,
                m -> factory.createInvocableHandlerMethod(bean, AopUtils.selectInvocableMethod(m, bean.getClass())));
        try {
            return invocable.invoke(message, failure, connection);
        } catch (Exception handlerFailure) {
            log.warn("@MessageExceptionHandler {} failed on connection {} while handling {}", method,
                    connection.id(), failure.toString(), handlerFailure);
            return NOT_HANDLED;
        }
    }
}
