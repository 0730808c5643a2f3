package dev.loopwire.spring.autoconfigure;

import dev.loopwire.spring.LoopwireConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link LoopwireConfigurationException} as Boot's "Description / Action" startup report. */
class LoopwireConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<LoopwireConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LoopwireConfigurationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
