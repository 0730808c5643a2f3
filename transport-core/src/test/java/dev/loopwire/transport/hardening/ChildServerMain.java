package dev.loopwire.transport.hardening;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import dev.loopwire.transport.stats.ServerStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An echo server in its own JVM, for the tests that need a separate process (file-descriptor limits,
 * 10,000 connections). Arguments: {@code <dispatch> <maxConnections> <ioThreads>}. Prints {@code PORT <n>},
 * then answers one command per stdin line, {@code stats} or {@code quit}; ends by itself when stdin
 * closes (the test JVM died), so it never outlives its test.
 */
public final class ChildServerMain {

    private ChildServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Dispatch dispatch = Dispatch.valueOf(args[0]);
        int maxConnections = Integer.parseInt(args[1]);
        int ioThreads = Integer.parseInt(args[2]);
        TcpServer server = new TcpServer(TcpServerConfig.builder((connection, frame) -> Reply.of(frame))
                .name("child").host("127.0.0.1").port(0).dispatch(dispatch).maxConnections(maxConnections)
                .ioThreads(ioThreads).businessThreads(2).build()).start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        try {
            String command;
            while ((command = commands.readLine()) != null && !command.equals("quit")) {
                System.out.println(answer(command.trim(), server));
                System.out.flush();
            }
        } finally {
            server.shutdownGracefully(Duration.ofSeconds(2)).join();
        }
    }

    private static String answer(String command, TcpServer server) {
        ServerStats stats = server.stats();
        switch (command) {
            case "stats":
                return "STATS " + stats.activeConnections() + " " + stats.connectionsOpened() + " "
                        + stats.acceptFailures() + " " + stats.framesReceived() + " " + stats.connectionsClosed();
            default:
                return "UNKNOWN " + command;
        }
    }
}
