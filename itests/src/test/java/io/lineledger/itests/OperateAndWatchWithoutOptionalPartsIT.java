package io.lineledger.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * An integrator who installs only the store with the shell and metrics: the bundles resolve without the OPC UA,
 * rules and ledger packages (imported optionally), the commands say what is not installed instead of looking fine,
 * and health is DOWN because no line is configured. The feature's command ACL keeps trust and anchor for admins.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperateAndWatchWithoutOptionalPartsIT extends LineLedgerTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    @Override
    protected String[] bootFeatures() {
        return new String[] {"lineledger-shell", "lineledger-metrics"};
    }

    @Test
    public void commandsAndHealthSayWhatIsNotInstalled() throws Exception {
        String status = await("lineledger:status", Duration.ofSeconds(60), () -> {
            String out = execute("lineledger:status");
            return out.contains("store:      OK") ? out : null;
        });
        assertTrue(status, status.contains("chain node: anchoring not installed"));
        assertTrue(status, status.contains("OPC UA source not installed"));
        assertTrue(status, status.contains("No line is configured"));
        assertTrue(execute("lineledger:anchor").contains("anchoring: not installed"));

        // the feature's command ACL: a viewer reads status, only an admin anchors or trusts a certificate
        KarafConsole viewer = new KarafConsole(sessionFactory, Duration.ofSeconds(60), "viewer");
        assertTrue(viewer.execute("lineledger:lines").contains("No line is configured"));
        try {
            viewer.execute("lineledger:trust --list line-1");
            throw new AssertionError("a viewer ran lineledger:trust");
        } catch (IllegalStateException expected) {
            assertTrue(String.valueOf(expected.getCause()), String.valueOf(expected.getCause()).contains("not found"));
        }

        HttpURLConnection health = await("/lineledger/health answering", Duration.ofSeconds(60), () -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL(httpBase() + "/lineledger/health")
                        .openConnection();
                return connection.getResponseCode() == 404 ? null : connection;
            } catch (IOException e) {
                return null;
            }
        });
        assertEquals(503, health.getResponseCode());
        String body = new String(health.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body, body.contains("\"status\" : \"DOWN\"") && body.contains("no line is configured"));
    }

    private String execute(String command) {
        return new KarafConsole(sessionFactory, Duration.ofSeconds(60)).execute(command);
    }
}
