package dev.loopwire.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients of the demo's {@code echo} server through the load balancer: each of {@code connections} workers
 * keeps {@code window} numbered lines in flight on its connection and checks that the replies come back
 * in order. A clean end of stream (a draining instance closes after its last reply) makes the worker
 * reconnect; the lines it wrote that were not answered were never read by the server (a graceful shutdown
 * answers every request it read), so they go out again on the new connection, counted as {@code resent}.
 * A reset, a timeout or a reply out of order counts the lines in flight as {@code failed}.
 *
 * <p>{@link #start} and {@link #stopAndJoin} from the test thread; the counters are safe from any thread.
 */
final class PipelinedClient {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Local ports of every connection the workers opened: the client addresses the servers must see. */
    final Set<Integer> localPorts = ConcurrentHashMap.newKeySet();

    private final InetSocketAddress target;
    private final int window;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;

    PipelinedClient(InetSocketAddress target, int connections, int window) {
        this.target = target;
        this.window = window;
        for (int i = 0; i < connections; i++) {
            int worker = i;
            workers.add(new Thread(() -> run(worker), "pipelined-client-" + i));
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    /** Stops writing, waits for the replies in flight, and ends the workers. */
    void stopAndJoin() throws InterruptedException {
        stopping = true;
        for (Thread worker : workers) {
            worker.join(20_000);
            if (worker.isAlive()) {
                problems.add(worker.getName() + " did not end within 20 s");
                worker.interrupt();
            }
        }
    }

    private void run(int worker) {
        ArrayDeque<String> toResend = new ArrayDeque<>();
        long next = 0;
        int failuresInARow = 0;
        while (!(stopping && toResend.isEmpty()) && failuresInARow < 20) {
            ArrayDeque<String> inFlight = new ArrayDeque<>();
            try (Socket socket = new Socket()) {
                socket.connect(target, 2_000);
                socket.setSoTimeout(10_000);
                socket.setTcpNoDelay(true);
                localPorts.add(socket.getLocalPort());
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                while (true) {
                    StringBuilder batch = new StringBuilder();
                    while (inFlight.size() < window && !(stopping && toResend.isEmpty())) {
                        String request = toResend.poll();
                        if (request == null) {
                            request = "w" + worker + "-" + next++;
                            sent.incrementAndGet();
                        }
                        inFlight.add(request);
                        batch.append(request).append('\n');
                    }
                    if (batch.length() > 0) {
                        out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (inFlight.size() == window) {
                            pace();
                        }
                    }
                    if (inFlight.isEmpty()) {
                        return; // stopping, everything answered
                    }
                    String reply = in.readLine();
                    if (reply == null) { // clean close after the last reply
                        reconnects.incrementAndGet();
                        resent.addAndGet(inFlight.size());
                        toResend.addAll(inFlight);
                        inFlight.clear();
                        break;
                    }
                    String expected = inFlight.poll();
                    if (!reply.equals(expected)) {
                        problems.add(worker + ": expected " + expected + " got " + reply);
                        failed.incrementAndGet();
                        failed.addAndGet(inFlight.size());
                        return;
                    }
                    answered.incrementAndGet();
                    failuresInARow = 0;
                }
            } catch (IOException e) {
                failuresInARow++;
                if (!inFlight.isEmpty()) {
                    problems.add(worker + ": " + inFlight.size() + " requests in flight lost: " + e);
                    failed.addAndGet(inFlight.size());
                } else {
                    problems.add(worker + ": connection failed with nothing in flight: " + e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** A short pause with a full window: the machine is shared, the test needs a steady flow, not a flood. */
    private static void pace() throws IOException {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String report() {
        return String.format("sent=%d answered=%d failed=%d resent-after-clean-close=%d reconnects=%d",
                sent.get(), answered.get(), failed.get(), resent.get(), reconnects.get());
    }
}
