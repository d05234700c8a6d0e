package io.lineledger.plcsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * plc-sim's run-time control over HTTP ({@code --control-port}), for benchmarks and scripts: each line's rate and
 * batch size, pausing and resuming the lines, and how many parts and measured values each line served. It listens
 * on plc-sim's bind address (loopback by default) and has no authentication: a test tool, not a PLC.
 *
 * <pre>
 * GET  /status                                          the lines as JSON (also the answer to every POST)
 * POST /set?partsPerSecond=R[&amp;partsPerBatch=N][&amp;line=L]  rate (parts/s a line) and/or parts of the next batches
 * POST /pause[?line=L]                                  the lines' clocks stop: nothing more is served
 * POST /resume[?line=L]                                 they go on where they stopped
 * </pre>
 *
 * Without {@code line} a change applies to every line. A bad request answers 400 naming the parameter and value.
 */
public final class ControlServer implements AutoCloseable {

    private static final Set<String> SET_PARAMETERS = Set.of("partsPerSecond", "partsPerBatch", "line");

    private final HttpServer server;
    private final PlcSimulator simulator;

    private ControlServer(HttpServer server, PlcSimulator simulator) {
        this.server = server;
        this.simulator = simulator;
    }

    /** Starts serving on {@code bindAddress:port} (0: any free port). */
    public static ControlServer start(PlcSimulator simulator, String bindAddress, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 16);
            ControlServer control = new ControlServer(server, simulator);
            server.createContext("/", control::handle);
            server.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("plc-sim control cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:24850}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Map<String, String> query;
            try {
                query = query(exchange.getRequestURI().getRawQuery());
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, e.getMessage());
                return;
            }
            boolean change = !path.equals("/status");
            if (!List.of("/status", "/set", "/pause", "/resume").contains(path)) {
                reply(exchange, 404, "plc-sim control: no " + path + " (GET /status; POST /set, /pause, /resume)");
                return;
            }
            if (change && !method.equals("POST")) {
                reply(exchange, 405, "plc-sim control: " + path + " changes the lines: use POST");
                return;
            }
            try {
                String line = query.get("line");
                switch (path) {
                    case "/set" -> set(query, line);
                    case "/pause" -> simulator.pause(line);
                    case "/resume" -> simulator.resume(line);
                    default -> { }
                }
            } catch (IllegalArgumentException e) {
                reply(exchange, 400, "plc-sim control: " + e.getMessage());
                return;
            } catch (IllegalStateException e) {
                reply(exchange, 503, "plc-sim control: " + e.getMessage());
                return;
            }
            reply(exchange, 200, statusJson());
        }
    }

    private void set(Map<String, String> query, String line) {
        for (String key : query.keySet()) {
            if (!SET_PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' (known: " + SET_PARAMETERS + ")");
            }
        }
        if (!query.containsKey("partsPerSecond") && !query.containsKey("partsPerBatch")) {
            throw new IllegalArgumentException("/set needs partsPerSecond or partsPerBatch");
        }
        // both checked before either applies
        Double rate = query.containsKey("partsPerSecond") ? number(query, "partsPerSecond") : null;
        Integer batch = null;
        if (query.containsKey("partsPerBatch")) {
            double value = number(query, "partsPerBatch");
            if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("partsPerBatch must be a whole number >= 0, got '"
                        + query.get("partsPerBatch") + "'");
            }
            batch = (int) value;
        }
        if (batch != null) {
            simulator.setPartsPerBatch(line, batch);
        }
        if (rate != null) {
            simulator.setPartsPerSecond(line, rate);
        }
    }

    private static double number(Map<String, String> query, String key) {
        try {
            return Double.parseDouble(query.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + query.get(key) + "'");
        }
    }

    String statusJson() {
        PlcSimulator.Status status = simulator.status();
        StringBuilder json = new StringBuilder("{\"serverUp\":").append(status.serverUp())
                .append(",\"valuesPublished\":").append(status.valuesPublished())
                .append(",\"batchesDone\":").append(status.batchesDone()).append(",\"lines\":[");
        long parts = 0;
        long measured = 0;
        List<PlcSimulator.LineStatus> lines = simulator.lineStatus();
        for (int i = 0; i < lines.size(); i++) {
            PlcSimulator.LineStatus line = lines.get(i);
            parts += line.parts();
            measured += line.measuredValues();
            json.append(i == 0 ? "" : ",").append("{\"line\":\"").append(line.line())
                    .append("\",\"partsPerSecond\":").append(line.partsPerSecond())
                    .append(",\"partsPerBatch\":").append(line.partsPerBatch())
                    .append(",\"paused\":").append(line.paused())
                    .append(",\"parts\":").append(line.parts())
                    .append(",\"measuredValues\":").append(line.measuredValues()).append('}');
        }
        return json.append("],\"parts\":").append(parts).append(",\"measuredValues\":").append(measured)
                .append("}\n").toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("plc-sim control: expected name=value, got '" + pair + "'");
            }
            result.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return result;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body.endsWith("\n") ? body : body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status == 200 ? "application/json" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
