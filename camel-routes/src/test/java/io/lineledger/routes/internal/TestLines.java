package io.lineledger.routes.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Line configurations as the tests write them: the keys of an {@code io.lineledger.line-<name>.cfg}. */
final class TestLines {

    private TestLines() {
    }

    /** plc-sim's Line1 the way the walking skeleton knew it: state strings, a part count, one fill weight. */
    static Map<String, Object> line1() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("service.pid", "io.lineledger.line~line-1");
        p.put("lineId", "line-1");
        p.put("endpointUrl", "opc.tcp://127.0.0.1:4840/lineledger");
        p.put("tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId");
        p.put("tag.product", "nsu=urn:lineledger:plc-sim;s=Line1.Product");
        p.put("tag.batchState", "nsu=urn:lineledger:plc-sim;s=Line1.BatchState");
        p.put("tag.partCount", "nsu=urn:lineledger:plc-sim;s=Line1.PartCount");
        p.put("tag.checkweigher.fillWeight.node", "nsu=urn:lineledger:plc-sim;s=Line1.Checkweigher.FillWeight");
        p.put("tag.checkweigher.fillWeight.type", "Double");
        p.put("batch.idTag", "batchId");
        p.put("batch.productTag", "product");
        p.put("batch.stateTag", "batchState");
        p.put("counter.totalTag", "partCount");
        p.put("characteristic.fillWeight.tag", "checkweigher.fillWeight");
        p.put("characteristic.fillWeight.station", "checkweigher");
        p.put("characteristic.fillWeight.unit", "g");
        p.put("characteristic.fillWeight.nominal", "500");
        p.put("characteristic.fillWeight.lsl", "495.0");
        p.put("characteristic.fillWeight.usl", "505.0");
        return p;
    }

    /**
     * plc-sim's Line2: the checkweigher's PackML state code as the boundary, good and reject counts, three
     * characteristics per part (fill weight with per-product and per-recipe limits), two alarms.
     */
    static Map<String, Object> line2() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("service.pid", "io.lineledger.line~line-2");
        p.put("lineId", "line-2");
        for (String tag : new String[] {"lot", "product", "recipe", "checkweigher.state", "checkweigher.good",
                "checkweigher.reject", "checkweigher.fillWeight", "capper.capTorque", "labeler.labelOffset",
                "checkweigher.alarmCode", "capper.alarmActive"}) {
            p.put("tag." + tag + ".path", "Line2/" + tag.replace('.', '/'));
        }
        p.put("batch.idTag", "lot");
        p.put("batch.productTag", "product");
        p.put("batch.recipeTag", "recipe");
        p.put("batch.boundary", "packml");
        p.put("batch.stateTag", "checkweigher.state");
        p.put("counter.goodTag", "checkweigher.good");
        p.put("counter.rejectTag", "checkweigher.reject");
        p.put("alarm.checkweigher.tag", "checkweigher.alarmCode");
        p.put("alarm.capper.tag", "capper.alarmActive");
        p.put("characteristic.fillWeight.tag", "checkweigher.fillWeight");
        p.put("characteristic.fillWeight.unit", "g");
        p.put("characteristic.fillWeight.lsl", "495");
        p.put("characteristic.fillWeight.usl", "505");
        p.put("characteristic.fillWeight.product.Juice 1 l.nominal", "1000");
        p.put("characteristic.fillWeight.product.Juice 1 l.lsl", "990");
        p.put("characteristic.fillWeight.product.Juice 1 l.usl", "1010");
        p.put("characteristic.fillWeight.recipe.J-LIGHT.lsl", "980");
        p.put("characteristic.fillWeight.recipe.J-LIGHT.usl", "1000");
        p.put("characteristic.capTorque.tag", "capper.capTorque");
        p.put("characteristic.capTorque.unit", "N.m");
        p.put("characteristic.capTorque.lsl", "1.7");
        p.put("characteristic.capTorque.usl", "2.3");
        p.put("characteristic.labelOffset.tag", "labeler.labelOffset");
        p.put("characteristic.labelOffset.unit", "mm");
        p.put("characteristic.labelOffset.nominal", "0");
        p.put("characteristic.labelOffset.lsl", "-1.5");
        p.put("characteristic.labelOffset.usl", "1.5");
        return p;
    }

    static LineDefinition define(Map<String, Object> properties) {
        return LineDefinitions.parse(properties);
    }

    /** {@code base} with {@code keyValues} (key, value, key, value ...) set; a null value removes the key. */
    static Map<String, Object> with(Map<String, Object> base, String... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove(keyValues[i]);
            } else {
                p.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }
}
