package dev.loopwire.spring.client;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

/**
 * The proxy bean of one {@code @LoopwireExchange} interface, made by {@link LoopwireExchangeProxies}. A
 * factory bean with a class constructor argument rather than an instance supplier, so that Spring AOT can
 * generate its definition. Created on the main thread.
 *
 * @param <T> the interface
 */
public final class LoopwireExchangeFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {

    private final Class<T> type;
    private BeanFactory beanFactory;

    /** @param type the {@code @LoopwireExchange} interface */
    public LoopwireExchangeFactoryBean(Class<T> type) {
        this.type = type;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public T getObject() {
        return beanFactory.getBean(LoopwireExchangeProxies.class).create(type);
    }

    /** Created with the other singletons, so a misconfiguration fails startup, not the first use. */
    @Override
    public boolean isEagerInit() {
        return true;
    }

    @Override
    public Class<?> getObjectType() {
        return type;
    }

    /** The interface (for AOT hints). */
    public Class<T> type() {
        return type;
    }
}
