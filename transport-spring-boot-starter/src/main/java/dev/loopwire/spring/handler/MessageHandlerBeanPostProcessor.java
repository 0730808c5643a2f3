package dev.loopwire.spring.handler;

import dev.loopwire.spring.annotation.MessageHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds {@link MessageHandler} methods on every initialized bean (looking through AOP proxies to the
 * target class) and registers them as {@link MessageHandlerEndpoint}s. Runs on the thread that creates
 * the bean, normally the main thread at startup.
 */
public class MessageHandlerBeanPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<MessageHandlerRegistrar> registry;
    private final Set<Class<?>> classesWithoutHandlers = ConcurrentHashMap.newKeySet();

    /** @param registry the registry, looked up lazily so this post-processor can be created early */
    public MessageHandlerBeanPostProcessor(ObjectProvider<MessageHandlerRegistrar> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutHandlers.contains(targetClass)
                || !AnnotationUtils.isCandidateClass(targetClass, MessageHandler.class)) {
            return bean;
        }
        Map<Method, MessageHandler> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<MessageHandler>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, MessageHandler.class));
        if (methods.isEmpty()) {
            classesWithoutHandlers.add(targetClass);
            return bean;
        }
        MessageHandlerRegistrar target = registry.getObject();
        methods.forEach((method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            target.register(new MessageHandlerEndpoint(beanName, bean, invocable, annotation.server(),
                    annotation.route(), annotation.dispatch()));
        });
        return bean;
    }
}
