package io.lineledger.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordTypes;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two lines on two PLC endpoints in one Karaf, configured by etc/ files alone: line-1 on the open endpoint of one
 * plc-sim, line-secured on another plc-sim over Basic256Sha256 SignAndEncrypt with a user whose password is in a
 * file. The secured line first refuses the server's certificate (never trust-all); the documented trust step (move
 * it from rejected/ to trusted/certs/) lets it connect, and both lines' batches are recorded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoPlcEndpointsIT extends LineLedgerTestSupport {

    private static final String SECURED = SECURED_LINE_ID;
    private static final String PKI = "lineledger/pki";

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            editConfigurationFilePut("etc/io.lineledger.opcua.cfg", "pkiDirectory", PKI),
            securedLine("line-secured.password"),
        };
    }

    @Test
    public void bothLinesAreRecordedOnceTheSecuredServersCertificateIsTrusted() throws Exception {
        ProductionEventSource source = service(ProductionEventSource.class, Duration.ofSeconds(60));
        RecordStore store = service(RecordStore.class, Duration.ofSeconds(60));
        await("both lines configured", Duration.ofSeconds(60), () -> source.status().stream()
                .map(SourceStatus::lineId).toList().containsAll(List.of(LINE_ID, SECURED)) ? Boolean.TRUE : null);

        // not trusted yet: the server's certificate waits in rejected/ and the line says so
        Path pki = Path.of(System.getProperty("karaf.data"), PKI, "pki-" + SECURED);
        Path rejected = await("the secured server's certificate in rejected/", Duration.ofSeconds(60), () -> {
            try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
                return files.filter(f -> f.toString().endsWith(".der")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        // the certificate is saved while the connect is refused, its error recorded just after
        SourceStatus refused = await("the secured line's error naming the certificate", Duration.ofSeconds(30), () -> {
            SourceStatus status = statusOf(source, SECURED);
            return String.valueOf(status.lastError()).contains("not trusted") ? status : null;
        });
        assertTrue("not connected before the trust step: " + refused, !refused.connected());

        // the documented step: move it to trusted/certs/
        Path trusted = Files.createDirectories(pki.resolve("trusted").resolve("certs"));
        Files.move(rejected, trusted.resolve(rejected.getFileName()));

        List<ProductionEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = source.subscribe(SECURED, events::add)) {
            await("fill weights over the secured endpoint", Duration.ofSeconds(60),
                    () -> events.stream().anyMatch(e -> e.tag().equals("checkweigher.fillWeight") && e.isGood())
                            ? Boolean.TRUE : null);
        }
        SourceStatus connected = statusOf(source, SECURED);
        assertTrue(connected.security(), connected.security().contains("Basic256Sha256 SignAndEncrypt"));
        assertTrue(connected.security(), connected.security().contains("operator"));

        for (String line : List.of(LINE_ID, SECURED)) {
            LineRecord started = await("a batch of " + line + " recorded", Duration.ofSeconds(90),
                    () -> store.range(line, 1, store.lastSeq(line)).stream()
                            .filter(r -> RecordTypes.BATCH_STARTED.equals(r.type())).findFirst().orElse(null));
            assertEquals(line, started.lineId());
        }
    }

    private static SourceStatus statusOf(ProductionEventSource source, String lineId) {
        return source.status().stream().filter(s -> s.lineId().equals(lineId)).findFirst()
                .orElseThrow(() -> new AssertionError("no status of " + lineId + " in " + source.status()));
    }
}
