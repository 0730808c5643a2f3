package dev.loopwire.transport.property;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Puts the seed of a failing property-test case into its failure message, with the flag that re-runs
 * it: {@code seed 123 failed; re-run it alone with -Dloopwire.seed=123: <the original message>}. The
 * seed is the first argument of the parameterized test method. Register with
 * {@code @ExtendWith(SeedReporter.class)}.
 */
public final class SeedReporter implements InvocationInterceptor {

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
            throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable failure) {
            Object seed = invocationContext.getArguments().isEmpty() ? "?" : invocationContext.getArguments().get(0);
            AssertionError reported = new AssertionError("seed " + seed + " failed; re-run it alone with -D"
                    + Seeds.SEED + "=" + seed + ": " + failure, failure);
            throw reported;
        }
    }
}
