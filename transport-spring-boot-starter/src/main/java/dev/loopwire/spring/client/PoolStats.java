package dev.loopwire.spring.client;

/**
 * A snapshot of a client's connections.
 *
 * @param openConnections     connections open now
 * @param connecting          attempts running or waiting for their back-off
 * @param inFlight            requests sent and not answered
 * @param waiting             requests waiting for room or for a connection
 * @param consecutiveFailures connection attempts failed since the last that worked
 * @param lastFailure         the last attempt's failure, or null
 * @param stopped             whether the client was stopped
 */
record PoolStats(int openConnections, int connecting, int inFlight, int waiting, int consecutiveFailures,
        String lastFailure, boolean stopped) {

    /** Down: nothing open and the last attempt failed. */
    boolean down() {
        return openConnections == 0 && consecutiveFailures > 0;
    }
}
