package dev.loopwire.benchmarks.lab;

import dev.loopwire.benchmarks.PeerProcess;
import java.util.concurrent.CountDownLatch;

/**
 * Main class of one lab server's own JVM: starts the named {@link LabModel} on 127.0.0.1, port 0, prints
 * {@link PeerProcess#READY} and the port (the same announcement as the comparison's peers), then serves
 * until SIGTERM (sent by PID by the lab), when a shutdown hook closes the server.
 *
 * <pre>
 * java [flags] -cp benchmarks.jar dev.loopwire.benchmarks.lab.LabServerProcess MODEL LOOPS WORKERS
 * java -cp benchmarks.jar dev.loopwire.benchmarks.lab.LabServerProcess --java-feature
 * </pre>
 */
public final class LabServerProcess {

    /** Start of the line {@code --java-feature} answers with. */
    static final String FEATURE = "LOOPWIRE-LAB-JAVA ";

    private LabServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--java-feature")) {
            System.out.println(FEATURE + Runtime.version().feature());
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: LabServerProcess MODEL LOOPS WORKERS | --java-feature");
            System.exit(2);
        }
        LabServer server = LabModel.of(args[0]).server(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                closed.countDown();
            }
        }, "lab-server-shutdown"));
        int port = server.start();
        System.out.println(PeerProcess.READY + port);
        System.out.flush();
        closed.await();
    }
}
