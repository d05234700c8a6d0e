package io.lineledger.plcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.plcsim.model.Step;
import io.lineledger.plcsim.scenario.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pausing, resuming and the rate and batch size set while plc-sim runs; its HTTP control and parts log. */
class RunTimeControlTest {

    private static final String TWO_LINES = """
            timing: { partsPerBatch: 100000, partIntervalMs: 100ms, setupDelayMs: 0ms, completeDelayMs: 0ms, pauseMs: 0ms }
            lines:
              - { name: Line1, stations: [Filler, Capper, Labeler, Checkweigher] }
              - { name: Line2, stations: [Filler, Checkweigher] }
            """;

    @TempDir
    Path dir;

    private PlcSimulator.Options options(String data) {
        return PlcSimulator.Options.defaults().withDataDir(dir.resolve(data))
                .withScenario(Scenario.parse(TWO_LINES, "two.yaml")).withSeed(3);
    }

    private static long parts(PlcSimulator sim, String line) {
        return sim.lineStatus().stream().filter(s -> s.line().equals(line)).findFirst().orElseThrow().parts();
    }

    @Test
    void pausedLinesServeNothingUntilResumedThenRunAtTheRateSet() throws Exception {
        List<Instant> line1Times = new ArrayList<>();
        try (PlcSimulator sim = PlcSimulator.start(options("a").withPaused(true), step -> { },
                (step, sourceTime) -> {
                    if (step.phase() == Step.Phase.PART && step.writes().get(0).tag().startsWith("Line1.")) {
                        line1Times.add(sourceTime);
                    }
                })) {
            Thread.sleep(300);
            assertEquals(0, sim.status().valuesPublished(), "paused from the start");

            sim.setPartsPerSecond("Line1", 2_000);
            sim.resume(null);
            Thread.sleep(1_000);
            sim.pause(null);
            long line1 = parts(sim, "Line1");
            long line2 = parts(sim, "Line2");
            Thread.sleep(300);

            assertEquals(line1, parts(sim, "Line1"), "nothing more once paused");
            assertTrue(line1 > 1_000 && line1 < 2_600, "about 2,000 parts in a second, got " + line1);
            assertTrue(line2 >= 8 && line2 <= 12, "Line2 at the scenario's 10 parts/s, got " + line2);
            PlcSimulator.LineStatus status = sim.lineStatus().get(0);
            assertEquals(3 * status.parts(), status.measuredValues(), "three measured values a part on Line1");
            assertTrue(status.paused());
            assertEquals(2_000.0, status.partsPerSecond());
        }
        for (int i = 1; i < line1Times.size(); i++) {
            assertTrue(line1Times.get(i).isAfter(line1Times.get(i - 1)), "each part has its own, later source time");
        }
    }

    @Test
    void anUnknownLineOrABadRateIsRefusedWithItsName() {
        try (PlcSimulator sim = PlcSimulator.start(options("b").withPaused(true))) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> sim.pause("Line9"));
            assertTrue(unknown.getMessage().contains("Line9") && unknown.getMessage().contains("Line2"),
                    unknown.getMessage());
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                    () -> sim.setPartsPerSecond(null, -5));
            assertTrue(rate.getMessage().contains("partsPerSecond") && rate.getMessage().contains("-5"),
                    rate.getMessage());
        }
    }

    @Test
    void theHttpControlSetsPausesAndResumesAndShowsWhatWasServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (PlcSimulator sim = PlcSimulator.start(options("c").withPaused(true));
             ControlServer control = ControlServer.start(sim, "127.0.0.1", 0)) {
            HttpResponse<String> set = post(http, control.url() + "/set?partsPerSecond=500&partsPerBatch=50&line=Line2");
            assertEquals(200, set.statusCode(), set.body());
            assertTrue(set.body().contains("\"line\":\"Line2\",\"partsPerSecond\":500.0,\"partsPerBatch\":50"),
                    set.body());
            assertEquals(200, post(http, control.url() + "/resume").statusCode());
            Thread.sleep(500);
            assertEquals(200, post(http, control.url() + "/pause").statusCode());
            assertTrue(parts(sim, "Line2") > 100, "Line2 served at 500 parts/s");

            HttpResponse<String> bad = post(http, control.url() + "/set?partsPerSecond=fast");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("partsPerSecond") && bad.body().contains("fast"), bad.body());
            assertEquals(400, post(http, control.url() + "/pause?line=Nope").statusCode());
            assertEquals(400, post(http, control.url() + "/set?rate=5").statusCode());
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(control.url() + "/pause")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode(), "changes need POST");
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(control.url() + "/status"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(status.body().contains("\"paused\":true"), status.body());
        }
    }

    @Test
    void thePartsLogHasEveryServedPartWithItsGoodMeasuredValues() throws Exception {
        Path file = dir.resolve("parts.bin");
        Map<String, Long> served = new HashMap<>();
        Scenario scenario = Scenario.parse(TWO_LINES, "two.yaml");
        try (ServedPartsLog log = ServedPartsLog.create(file, scenario.lines());
             PlcSimulator sim = PlcSimulator.start(options("d").withPartsPerSecond(200), step -> { }, log::record)) {
            Thread.sleep(600);
            sim.pause(null);
            sim.lineStatus().forEach(s -> served.put(s.line(), s.measuredValues()));
        }
        Map<String, Long> logged = new HashMap<>();
        List<Instant> times = new ArrayList<>();
        ServedPartsLog.read(file, (sourceTime, line, measured) -> {
            logged.merge(line, (long) measured, Long::sum);
            if (line.equals("Line2")) {
                times.add(sourceTime);
                assertEquals(1, measured, "Line2 measures the fill weight only");
            }
        });
        assertEquals(served, logged);
        assertTrue(served.get("Line1") > 0 && served.get("Line2") > 0, served.toString());
        assertTrue(times.size() > 50);
    }

    private static HttpResponse<String> post(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
