package dev.loopwire.spring.client.unknown;

import dev.loopwire.spring.client.annotation.LoopwireExchange;
import dev.loopwire.spring.client.annotation.Route;

/** Names a client that is not configured: refused at startup. */
@LoopwireExchange(client = "missing")
public interface UnknownClientExchange {

    @Route("GET")
    String get(String key);
}
