package dev.loopwire.spring.handler;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Routes lines by their first whitespace-separated word, case-insensitively; the payload is the rest of
 * the line after the spaces that follow the word.
 *
 * <pre>
 * "get  user:1"   ->   route "GET", payload "user:1"
 * "PING"          ->   route "PING", payload ""
 * </pre>
 */
final class LineRouteExtractor implements RouteExtractor {

    @Override
    public Routed extract(byte[] frame) {
        int start = skipBlanks(frame, 0);
        int end = start;
        while (end < frame.length && !isBlank(frame[end])) {
            end++;
        }
        // ISO-8859-1 maps each byte to one char: cheap, and a non-ASCII word simply matches no route
        String word = new String(frame, start, end - start, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        int payloadStart = skipBlanks(frame, end);
        return new Routed(word, Arrays.copyOfRange(frame, payloadStart, frame.length));
    }

    /** The payload {@link #extract} cuts: the line after its first word and the blanks that follow it. */
    byte[] payload(byte[] frame) {
        int end = skipBlanks(frame, 0);
        while (end < frame.length && !isBlank(frame[end])) {
            end++;
        }
        return Arrays.copyOfRange(frame, skipBlanks(frame, end), frame.length);
    }

    @Override
    public String normalize(String route) {
        if (route.chars().anyMatch(c -> c == ' ' || c == '\t')) {
            throw new IllegalArgumentException("a line route is one word, without spaces");
        }
        return route.toUpperCase(Locale.ROOT);
    }

    @Override
    public String unknownRouteMessage(String route) {
        return "unknown command '" + route + "'";
    }

    static int skipBlanks(byte[] frame, int from) {
        int index = from;
        while (index < frame.length && isBlank(frame[index])) {
            index++;
        }
        return index;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }
}
