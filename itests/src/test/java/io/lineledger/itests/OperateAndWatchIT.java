package io.lineledger.itests;

import static org.junit.Assert.assertTrue;

import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Operating and watching a running LineLedger as an integrator does: the {@code lineledger:*} commands in a Karaf
 * console session, Prometheus scraping {@code /lineledger/metrics}, and a load balancer asking
 * {@code /lineledger/health}, with line-1 recording from plc-sim and anchoring on anvil. A second line on a secured
 * plc-sim refuses the server's certificate until {@code lineledger:trust} trusts it (its PKI directory is the OPC UA
 * bundle's data area: no {@code pkiDirectory} is configured).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperateAndWatchIT extends LineLedgerTestSupport {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String SECURED = SECURED_LINE_ID;
    private static final Pattern SHA1 = Pattern.compile("\\b[0-9a-f]{40}\\b");

    @Inject
    protected SessionFactory sessionFactory;

    @Override
    protected Option[] extraOptions() {
        return new Option[] {
            securedLine("operate-and-watch-line-secured.password"),
        };
    }

    @Test
    public void aRefusedServerCertificateIsTrustedWithTheShell() throws Exception {
        String refused = await("the secured server's certificate listed as refused", Duration.ofSeconds(90), () -> {
            String out = execute("lineledger:trust --list " + SECURED);
            return SHA1.matcher(out).find() ? out : null;
        });
        keep("trust-list.txt", refused);
        assertTrue(refused, refused.contains("pki-" + SECURED));
        String status = execute("lineledger:status");
        assertTrue(status, status.contains("ALARM   " + SECURED) && status.contains("is not trusted"));

        // the SHA-1 column (Milo names the file after another digest, so the row's first hex is not it)
        String row = refused.lines().filter(l -> l.contains(".der ")).findFirst().orElseThrow();
        String sha1 = row.trim().split("\\s+")[1];
        assertTrue(row, SHA1.matcher(sha1).matches());
        String trusted = execute("lineledger:trust " + SECURED + " " + sha1.substring(0, 12));
        keep("trust.txt", trusted);
        assertTrue(trusted, trusted.startsWith("Trusted: ") && trusted.contains("trusted/certs"));

        await(SECURED + " connected once its server is trusted", Duration.ofSeconds(90), () ->
                execute("lineledger:lines").lines().anyMatch(l -> l.startsWith(SECURED + " ") && l.contains(" connected"))
                        ? Boolean.TRUE : null);
        String help = execute("lineledger:trust --help");
        assertTrue(help, help.contains("SHA-1") && help.contains("--list"));
    }

    @Test
    public void commandsMetricsAndHealthDescribeTheRunningLine() throws Exception {
        assertInstalled("lineledger-shell");
        assertInstalled("lineledger-metrics");
        RecordStore store = service(RecordStore.class, Duration.ofSeconds(60));

        String status = await("lineledger:status with line-1 connected, recording and anchoring",
                Duration.ofSeconds(120), () -> {
                    String out = execute("lineledger:status");
                    return out.contains("\nline-1\n") && out.contains("PLC        connected, subscribed")
                            && out.contains("anchoring  OK") && store.lastSeq(LINE_ID) > 0 ? out : null;
                });
        keep("status.txt", status);
        assertTrue(status, status.contains("chain node: reachable"));
        assertTrue(status, status.contains("store      last seq "));

        String lines = execute("lineledger:lines");
        keep("lines.txt", lines);
        assertTrue(lines, lines.lines().anyMatch(l -> l.startsWith(LINE_ID + " ") && l.contains(" connected ")));

        String anchor = execute("lineledger:anchor");
        keep("anchor.txt", anchor);
        assertTrue(anchor, anchor.contains("Anchoring pass done"));
        String anchored = await("lineledger:status with records of line-1 anchored", Duration.ofSeconds(60), () -> {
            String out = execute("lineledger:status");
            return out.matches("(?s).*last anchored seq [1-9].*") ? out : null;
        });
        keep("status-anchored.txt", anchored);
        String oneLine = execute("lineledger:status " + LINE_ID);
        assertTrue(oneLine, oneLine.contains("\nline-1\n") && !oneLine.contains("\n" + SECURED + "\n"));

        BatchSummary batch = await("a batch of line-1", Duration.ofSeconds(120), () -> store.recentBatches(50).stream()
                .filter(b -> LINE_ID.equals(b.lineId())).findFirst().orElse(null));
        String batches = execute("lineledger:batches --line " + LINE_ID + " --limit 5");
        keep("batches.txt", batches);
        assertTrue(batches, batches.contains(batch.batchId()));
        String batchText = execute("lineledger:batch " + batch.batchId());
        keep("batch.txt", batchText);
        assertTrue(batchText, batchText.contains("batch      " + batch.batchId()));
        assertTrue(batchText, batchText.contains("anchored   "));


        String metrics = await("a line-1 series with records in /lineledger/metrics", Duration.ofSeconds(60), () -> {
            Answer answer = get("/lineledger/metrics");
            return answer.status() == 200 && answer.body().contains("lineledger_opcua_connected{line=\"line-1\"} 1.0")
                    && answer.body().contains("lineledger_records_stored_total{line=\"line-1\"}") ? answer.body() : null;
        });
        keep("metrics.txt", metrics);
        assertTrue(metrics, metrics.contains("lineledger_anchoring_state{line=\"line-1\",state=\"OK\"}"));

        Answer health = await("/lineledger/health UP", Duration.ofSeconds(90), () -> {
            Answer answer = get("/lineledger/health");
            return answer.status() == 200 ? answer : null;
        });
        keep("health.txt", health.body());
        assertTrue(health.body(), health.body().contains("\"status\" : \"UP\""));
        assertTrue(health.contentType(), health.contentType().startsWith("application/json"));
    }

    private String execute(String command) {
        return new KarafConsole(sessionFactory, COMMAND_TIMEOUT).execute(command);
    }

    private record Answer(int status, String contentType, String body) { }

    private static Answer get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(httpBase() + path).openConnection();
            connection.setRequestProperty("Authorization", httpAuthorization());
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, connection.getContentType(), text);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        }
    }

    /** What the commands and endpoints printed, kept in target/work/operate-and-watch for people to read. */
    private static void keep(String name, String text) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("lineledger.work.dir"), "operate-and-watch"));
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
