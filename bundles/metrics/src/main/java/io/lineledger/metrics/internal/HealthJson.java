package io.lineledger.metrics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The health answer's body: {@code {"status":"UP"|"DOWN","checkedAt":...,"reasons":[{"lineId":...,"reason":...}],
 * "warnings":[...]}}; {@code lineId} is null for what concerns no single line.
 */
final class HealthJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HealthJson() {
    }

    static String render(Health health) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("status", health.up() ? "UP" : "DOWN");
        root.put("checkedAt", health.checkedAt().toString());
        add(root.putArray("reasons"), health.reasons());
        add(root.putArray("warnings"), health.warnings());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("health JSON: " + e.getMessage(), e);
        }
    }

    private static void add(ArrayNode array, java.util.List<Health.Reason> reasons) {
        for (Health.Reason r : reasons) {
            ObjectNode n = array.addObject();
            n.put("lineId", r.lineId());
            n.put("reason", r.text());
        }
    }
}
