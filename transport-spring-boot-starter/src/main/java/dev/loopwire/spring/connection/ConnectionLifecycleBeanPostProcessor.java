package dev.loopwire.spring.connection;

import dev.loopwire.spring.annotation.OnConnect;
import dev.loopwire.spring.annotation.OnDisconnect;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link OnConnect} and {@link OnDisconnect} methods on beans and records them in the
 * {@link ConnectionLifecycleRegistry}. Main thread (bean creation).
 */
public class ConnectionLifecycleBeanPostProcessor implements BeanPostProcessor {

    private final ConnectionLifecycleRegistry registry;

    public ConnectionLifecycleBeanPostProcessor(ConnectionLifecycleRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, OnConnect> connects = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<OnConnect>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, OnConnect.class));
        connects.forEach((method, annotation) -> registry.addOnConnect(
                new LifecycleMethod(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation.server(), false)));
        Map<Method, OnDisconnect> disconnects = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<OnDisconnect>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, OnDisconnect.class));
        disconnects.forEach((method, annotation) -> registry.addOnDisconnect(
                new LifecycleMethod(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation.server(), true)));
        return bean;
    }
}
