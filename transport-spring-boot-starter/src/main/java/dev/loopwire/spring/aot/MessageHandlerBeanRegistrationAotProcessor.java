package dev.loopwire.spring.aot;

import dev.loopwire.spring.annotation.MessageHandler;
import dev.loopwire.spring.client.LoopwireExchangeFactoryBean;
import dev.loopwire.transport.Connection;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * At build time, for each bean with {@code @MessageHandler} (or {@code @MessageExceptionHandler}) methods:
 * hints to invoke those methods reflectively (the starter finds them by reflection and calls them through
 * method handles or spring-messaging), and binding hints for their payload and return types (Jackson
 * reads and writes them on JSON servers; {@code CompletionStage<T>} and other generics are unwrapped).
 * For each {@code @LoopwireExchange} proxy bean: a JDK proxy hint and binding hints for its methods' types.
 * Stateless; registered through {@code META-INF/spring/aot.factories}.
 */
public class MessageHandlerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (type == LoopwireExchangeFactoryBean.class) {
            return exchangeProxy(registeredBean);
        }
        List<Method> methods = handlerMethods(type);
        if (methods.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> register(generationContext.getRuntimeHints().reflection(), methods);
    }

    /** A {@code @LoopwireExchange} interface: a JDK proxy whose methods' annotations are read at startup. */
    private static BeanRegistrationAotContribution exchangeProxy(RegisteredBean registeredBean) {
        ConstructorArgumentValues.ValueHolder argument = registeredBean.getMergedBeanDefinition()
                .getConstructorArgumentValues().getIndexedArgumentValue(0, Class.class);
        if (argument == null || !(argument.getValue() instanceof Class<?> exchange)) {
            return null;
        }
        return (generationContext, code) -> {
            RuntimeHints hints = generationContext.getRuntimeHints();
            hints.proxies().registerJdkProxy(exchange);
            hints.reflection().registerType(exchange, MemberCategory.INVOKE_PUBLIC_METHODS);
            BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
            for (Method method : exchange.getMethods()) {
                for (Type parameter : method.getGenericParameterTypes()) {
                    if (bindable(parameter)) {
                        bindings.registerReflectionHints(hints.reflection(), parameter);
                    }
                }
                if (bindable(method.getGenericReturnType())) {
                    bindings.registerReflectionHints(hints.reflection(), method.getGenericReturnType());
                }
            }
        };
    }

    /** The {@code @MessageHandler} and {@code @MessageExceptionHandler} methods of {@code type}. */
    static List<Method> handlerMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        ReflectionUtils.doWithMethods(type, methods::add,
                method -> !method.isBridge() && !method.isSynthetic()
                        && (AnnotatedElementUtils.hasAnnotation(method, MessageHandler.class)
                                || AnnotatedElementUtils.hasAnnotation(method, MessageExceptionHandler.class)));
        return methods;
    }

    /** Registers the hints of {@code methods}; build time. */
    static void register(ReflectionHints hints, List<Method> methods) {
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        for (Method method : methods) {
            hints.registerMethod(method, ExecutableMode.INVOKE);
            for (Type parameter : method.getGenericParameterTypes()) {
                if (bindable(parameter)) {
                    bindings.registerReflectionHints(hints, parameter);
                }
            }
            if (bindable(method.getGenericReturnType())) {
                bindings.registerReflectionHints(hints, method.getGenericReturnType());
            }
        }
    }

    private static boolean bindable(Type type) {
        return type != void.class && type != Connection.class && type != Message.class && type != byte[].class
                && type != String.class && !(type instanceof Class<?> c && c.isPrimitive());
    }
}
