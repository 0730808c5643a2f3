package dev.loopwire.spring;

/**
 * A hook to time handler invocations without a lookup per frame: the starter asks once per
 * (server, route) at startup for a {@link Recorder} and calls it for every invocation. The metrics
 * auto-configuration supplies a Micrometer-backed bean; without one, nothing is recorded.
 */
@FunctionalInterface
public interface HandlerObservation {

    /**
     * The pseudo-route whose recorder counts frames that matched no route and had no fallback; its
     * recorder is asked once per server and called with {@code record(0, null)} per unrouted frame.
     */
    String NO_ROUTE = "no-route";

    /** The recorder for one route of one server; called once per route while the context starts. */
    Recorder recorderFor(String server, String route);

    /** Records invocations of one route. Called on the handler's thread; must be cheap and thread-safe. */
    @FunctionalInterface
    interface Recorder {

        /**
         * Records nothing. A route whose recorder is this one is not timed at all: the starter reads no clock
         * for its invocations.
         */
        Recorder NONE = new Recorder() {

            @Override
            public void record(long nanos, Throwable failure) {
            }

            @Override
            public boolean timed() {
                return false;
            }
        };

        /**
         * One invocation took {@code nanos}; {@code failure} is null when it succeeded. For asynchronous
         * replies, the time runs until the reply completes.
         */
        void record(long nanos, Throwable failure);

        /**
         * Whether {@link #record} uses the duration. When false, the starter reads no clock for the route's
         * invocations and passes 0 as the duration (the outcome still arrives).
         */
        default boolean timed() {
            return true;
        }
    }

    /** Records nothing. */
    HandlerObservation NONE = (server, route) -> Recorder.NONE;
}
