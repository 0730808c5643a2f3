package dev.loopwire.transport.loop;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out of the JDK epoll spin bug: open a fresh {@link Selector} and move every valid key of the
 * old one to it (same interest, same {@link IoHandler}, which learns its new key), closing any channel that
 * cannot move. Stateless; called on the owning loop thread only.
 */
final class SelectorRebuild {

    private static final Logger log = LoggerFactory.getLogger(SelectorRebuild.class);

    private SelectorRebuild() {
    }

    /**
     * Moves the keys of {@code old} to a new selector and closes {@code old}.
     *
     * @return the new selector, or {@code old} itself if no new one could be opened
     */
    static Selector moveKeys(Selector old, String loopName) {
        Selector fresh;
        try {
            fresh = Selector.open();
        } catch (IOException e) {
            log.warn("Event loop {}: could not open a new selector; keeping the old one", loopName, e);
            return old;
        }
        int moved = 0;
        for (SelectionKey key : old.keys()) {
            if (!key.isValid()) {
                continue;
            }
            IoHandler handler = (IoHandler) key.attachment();
            try {
                int ops = key.interestOps();
                key.cancel();
                handler.rekeyed(key.channel().register(fresh, ops, handler));
                moved++;
            } catch (Exception e) {
                log.warn("Event loop {}: could not move {} to the new selector; closing it", loopName, handler, e);
                handler.closeOnLoopFailure(e);
            }
        }
        try {
            old.close();
        } catch (IOException e) {
            log.debug("Event loop {}: closing the old selector failed", loopName, e);
        }
        log.info("Event loop {}: selector rebuilt, {} channels moved", loopName, moved);
        return fresh;
    }
}
