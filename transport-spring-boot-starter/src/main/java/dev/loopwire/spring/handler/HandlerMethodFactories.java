package dev.loopwire.spring.handler;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the spring-messaging {@link DefaultMessageHandlerMethodFactory} of a server: payload conversion
 * by its {@link PayloadFormat} ({@code byte[]} as is, {@code String} strictly decoded, POJOs through
 * Jackson 3 on JSON servers), {@code @Header}, {@code Message} and provided arguments. Called on the main
 * thread at startup; the factories it returns are used from handler threads and are thread-safe.
 */
final class HandlerMethodFactories {

    private HandlerMethodFactories() {
    }

    static DefaultMessageHandlerMethodFactory create(PayloadFormat format, Charset charset, JsonMapper jsonMapper,
            BeanFactory beanFactory) {
        return create(converter(format, charset, jsonMapper), beanFactory);
    }

    /**
     * The payload converter of a server: {@code byte[]} as is, {@code String} strictly decoded in
     * {@code charset} ({@link StrictStringMessageConverter}), POJOs through Jackson on JSON servers.
     */
    static CompositeMessageConverter converter(PayloadFormat format, Charset charset, JsonMapper jsonMapper) {
        List<MessageConverter> converters = new ArrayList<>(3);
        converters.add(new ByteArrayMessageConverter());
        converters.add(new StrictStringMessageConverter(charset));
        if (format == PayloadFormat.JSON) {
            converters.add(new JacksonJsonMessageConverter(jsonMapper));
        }
        return new CompositeMessageConverter(converters);
    }

    /** The method factory resolving arguments with {@code converter}. */
    static DefaultMessageHandlerMethodFactory create(CompositeMessageConverter converter, BeanFactory beanFactory) {
        return create(converter, beanFactory, null);
    }

    /**
     * The method factory resolving arguments with {@code converter}, validating {@code @Valid} and
     * {@code @Validated} payloads with {@code validator} when it is not null.
     */
    static DefaultMessageHandlerMethodFactory create(CompositeMessageConverter converter, BeanFactory beanFactory,
            Validator validator) {
        DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
        factory.setMessageConverter(converter);
        if (validator != null) {
            factory.setValidator(validator);
        }
        if (beanFactory != null) {
            factory.setBeanFactory(beanFactory);
            List<MessageHandlerArgumentResolver> custom = customResolvers(beanFactory);
            if (!custom.isEmpty()) {
                factory.setCustomArgumentResolvers(new ArrayList<>(custom));
            }
        }
        factory.afterPropertiesSet();
        return factory;
    }

    /** The application's {@link MessageHandlerArgumentResolver} beans, in bean order. Main thread, at startup. */
    static List<MessageHandlerArgumentResolver> customResolvers(BeanFactory beanFactory) {
        return beanFactory == null ? List.of()
                : beanFactory.getBeanProvider(MessageHandlerArgumentResolver.class).orderedStream().toList();
    }

    /** Whether one of {@code resolvers} resolves a parameter of {@code method}: then it skips the fast path. */
    static boolean needsCustomResolver(InvocableHandlerMethod method, List<MessageHandlerArgumentResolver> resolvers) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            for (MessageHandlerArgumentResolver resolver : resolvers) {
                if (resolver.supportsParameter(parameter)) {
                    return true;
                }
            }
        }
        return false;
    }
}
