package io.lineledger.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * plc-sim as a Karaf feature: configured by etc/io.lineledger.plcsim.cfg, it serves the simulated line inside
 * the container, and LineLedger's OPC UA client in the same container reads it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlcSimFeatureIT extends LineLedgerTestSupport {

    /** Not the port of the plc-sim process the build starts for the other tests. */
    private static final String IN_KARAF_PORT = "14841";

    @Override
    protected String[] bootFeatures() {
        return new String[] {"lineledger-plc-sim", "lineledger-opcua"};
    }

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/io.lineledger.plcsim.cfg", "port", IN_KARAF_PORT),
            editConfigurationFilePut("etc/io.lineledger.plcsim.cfg", "seed", "42"),
            editConfigurationFilePut(LINE_FILE, "endpointUrl",
                    "opc.tcp://127.0.0.1:" + IN_KARAF_PORT + "/lineledger"),
        };
    }

    @Test
    public void simulatorInKarafServesTheLineToTheOpcUaClient() throws Exception {
        assertInstalled("lineledger-plc-sim");
        ProductionEventSource source = service(ProductionEventSource.class, Duration.ofSeconds(60));
        List<ProductionEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = source.subscribe(LINE_ID, events::add)) {
            await("fill weights and a running batch from the simulator in Karaf", Duration.ofSeconds(60),
                    () -> events.stream().anyMatch(e -> e.tag().equals("checkweigher.fillWeight") && e.isGood())
                            && events.stream().anyMatch(e -> e.tag().equals("batchState") && "Running".equals(e.value()))
                            ? Boolean.TRUE : null);
        }
        assertTrue("every event is from line-1", events.stream().allMatch(e -> e.lineId().equals(LINE_ID)));
    }
}
