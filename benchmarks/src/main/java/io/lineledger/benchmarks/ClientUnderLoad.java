package io.lineledger.benchmarks;

/** The subscribed client as the load driver sees it: in this JVM or in a process of its own. */
interface ClientUnderLoad extends AutoCloseable {

    /** Restarts the counters and the latency histogram. */
    void startWindow() throws Exception;

    /** Value changes received since the window started. */
    long receivedSoFar() throws Exception;

    SubscribedClient.Window window() throws Exception;

    /** CPU time the client's own process used so far in ns, or -1 when it shares the driver's process. */
    long cpuNanos();

    @Override
    void close();
}
