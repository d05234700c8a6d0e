package io.lineledger.routes.internal;

import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Puts the rules into a Camel context: binds the beans the route files call, sets the placeholders they use
 * and loads the YAML files shipped in {@code routes/}. The OSGi component and the tests both go through here,
 * so the tests run the same routes. The source of events ({@code lineledger-opcua}) is added by the caller.
 */
public final class LineRules {

    /** The route files, listed rather than scanned: bundle resources cannot be scanned portably. */
    static final List<String> ROUTE_FILES = List.of(
            "routes/production-events.yaml",
            "routes/batch-lifecycle.yaml",
            "routes/quality-check.yaml");

    /** How many of the most recent batches (of all lines) to look through for this line's last one. */
    private static final int RESUME_LOOKBACK = 50;

    private final BatchLifecycle lifecycle = new BatchLifecycle();
    private final DeadLetters deadLetters = new DeadLetters();
    private final QualityCheck qualityCheck;
    private final RecordAppender appender;
    private final String lineId;

    public LineRules(String lineId, SpecLimits fillWeight, RecordStore store) {
        if (lineId == null || lineId.isBlank()) {
            throw new IllegalArgumentException("lineId must not be empty, got '" + lineId + "'");
        }
        this.lineId = lineId;
        this.qualityCheck = new QualityCheck(fillWeight, lifecycle);
        this.appender = new RecordAppender(store);
        // the line's last batch may have been running when the rules stopped: take it up where it was
        store.recentBatches(RESUME_LOOKBACK).stream()
                .filter(batch -> batch.lineId().equals(lineId))
                .findFirst()
                .ifPresent(batch -> lifecycle.resume(lineId, store.batch(batch.batchId())));
    }

    public void install(CamelContext context) throws Exception {
        context.getRegistry().bind("eventGate", new EventGate());
        context.getRegistry().bind("batchLifecycle", lifecycle);
        context.getRegistry().bind("qualityCheck", qualityCheck);
        context.getRegistry().bind("recordAppender", appender);
        context.getRegistry().bind("deadLetters", deadLetters);
        Properties properties = new Properties();
        properties.setProperty("lineledger.lineId", lineId);
        context.getPropertiesComponent().setInitialProperties(properties);
        PluginHelper.getRoutesLoader(context).loadRoutes(routeResources());
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public BatchLifecycle lifecycle() {
        return lifecycle;
    }

    private static List<Resource> routeResources() throws IOException {
        List<Resource> resources = new ArrayList<>();
        for (String file : ROUTE_FILES) {
            try (InputStream in = LineRules.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("route file " + file + " is missing from the bundle");
                }
                resources.add(ResourceHelper.fromString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return resources;
    }
}
