package io.lineledger.routes.internal;

import static io.lineledger.routes.internal.TestLines.line1;
import static io.lineledger.routes.internal.TestLines.line2;
import static io.lineledger.routes.internal.TestLines.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.routes.internal.LineDefinition.Boundary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A line's configuration: what it defines, and every mistake refused naming the PID, the key and the value. */
class LineDefinitionsTest {

    private static String refused(Map<String, Object> configuration) {
        return assertThrows(IllegalArgumentException.class, () -> LineDefinitions.parse(configuration)).getMessage();
    }

    @Test
    void line1IsReadWithItsTagsRolesAndLimits() {
        LineDefinition line = LineDefinitions.parse(line1());
        assertEquals("line-1", line.lineId());
        assertEquals(Set.of("batchId", "product", "batchState", "partCount", "checkweigher.fillWeight"), line.tags());
        assertEquals(Boundary.STATE, line.batch().boundary());
        assertEquals(Set.of("Running"), line.batch().startValues());
        assertEquals(Set.of("Aborted", "Stopped"), line.batch().abortValues());
        Characteristic fill = line.characteristicOf("checkweigher.fillWeight").orElseThrow();
        assertEquals(new SpecLimits(500.0, 495.0, 505.0), fill.limits());
        assertEquals("checkweigher", fill.station());
    }

    @Test
    void line2HasPackMlCountersAlarmsAndLimitsPerProductAndRecipe() {
        LineDefinition line = LineDefinitions.parse(line2());
        assertEquals(Boundary.PACKML, line.batch().boundary());
        assertEquals(List.of("capTorque", "fillWeight", "labelOffset"), line.characteristicNames().stream().sorted()
                .toList());
        assertEquals(Map.of("checkweigher", "checkweigher.alarmCode", "capper", "capper.alarmActive"), line.alarms());
        Characteristic fill = line.characteristicOf("checkweigher.fillWeight").orElseThrow();
        assertEquals(990.0, fill.limitsFor("Juice 1 l", null).orElseThrow().lsl());
        assertEquals(980.0, fill.limitsFor("Juice 1 l", "J-LIGHT").orElseThrow().lsl(), "a recipe wins");
        assertEquals(495.0, fill.limitsFor("Water", "OTHER").orElseThrow().lsl());
        assertEquals("checkweigher", fill.station(), "from the tag name when not configured");
    }

    @Test
    void aLineWithoutABatchIdTagIsRefused() {
        assertEquals("io.lineledger.line~line-1: batch.idTag = '': required: the tag holding the batch (lot) id",
                refused(with(line1(), "batch.idTag", null)));
    }

    @Test
    void aRoleNamingATagThatIsNotConfiguredIsRefusedNamingKeyAndValue() {
        String message = refused(with(line1(), "characteristic.fillWeight.tag", "checkweigher.fillweight"));
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.tag = 'checkweigher.fillweight': no tag of"
                + " that name is configured for the line (tag.checkweigher.fillweight); configured tags: [batchId,"
                + " batchState, checkweigher.fillWeight, partCount, product]", message);
        assertEquals("io.lineledger.line~line-1: batch.stateTag = 'state': no tag of that name is configured for the"
                + " line (tag.state); configured tags: [batchId, batchState, checkweigher.fillWeight, partCount,"
                + " product]", refused(with(line1(), "batch.stateTag", "state")));
        assertTrue(refused(with(line1(), "counter.totalTag", "count")).startsWith(
                "io.lineledger.line~line-1: counter.totalTag = 'count': no tag of that name"));
    }

    @Test
    void invertedSpecLimitsAreRefused() {
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.lsl = '505': must be below"
                + " characteristic.fillWeight.usl = 495 (inverted spec limits)", refused(with(line1(),
                "characteristic.fillWeight.lsl", "505", "characteristic.fillWeight.usl", "495")));
        assertEquals("io.lineledger.line~line-2: characteristic.fillWeight.product.Juice 1 l.lsl = '1010': must be"
                + " below characteristic.fillWeight.product.Juice 1 l.usl = 1010 (inverted spec limits)",
                refused(with(line2(), "characteristic.fillWeight.product.Juice 1 l.lsl", "1010")));
    }

    @Test
    void aNominalOutsideTheLimitsIsRefused() {
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.nominal = '510': outside the spec limits"
                + " 495.0..505.0", refused(with(line1(), "characteristic.fillWeight.nominal", "510")));
    }

    @Test
    void aLimitThatIsNoNumberIsRefused() {
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.usl = '505,0': not a number (use '.' as the"
                + " decimal point)", refused(with(line1(), "characteristic.fillWeight.usl", "505,0")));
    }

    @Test
    void anUnknownBoundaryIsRefused() {
        assertEquals("io.lineledger.line~line-1: batch.boundary = 'plc': unknown boundary; one of state, packml, flag,"
                + " idChange", refused(with(line1(), "batch.boundary", "plc")));
    }

    @Test
    void aPackMlBoundaryWithoutStateTagIsRefused() {
        assertEquals("io.lineledger.line~line-2: batch.stateTag = '': required with batch.boundary = packml: the tag"
                + " the boundary reads", refused(with(line2(), "batch.stateTag", null)));
    }

    @Test
    void aGoodCounterWithoutRejectCounterIsRefused() {
        assertEquals("io.lineledger.line~line-2: counter.goodTag = 'checkweigher.good': counter.goodTag and"
                + " counter.rejectTag go together (total = good + reject)",
                refused(with(line2(), "counter.rejectTag", null)));
    }

    @Test
    void aTypoInAKeyOfTheRulesIsRefused() {
        assertEquals("io.lineledger.line~line-1: batch.stateTags = 'batchState': unknown key; known: [batch.abortValues,"
                + " batch.boundary, batch.endValues, batch.idTag, batch.productTag, batch.recipeTag, batch.startValues,"
                + " batch.stateTag]", refused(with(line1(), "batch.stateTags", "batchState")));
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.lsI = '495': unknown attribute; known: tag,"
                + " station, unit, nominal, lsl, usl, product.<id>.(nominal|lsl|usl), recipe.<id>.(nominal|lsl|usl)",
                refused(with(line1(), "characteristic.fillWeight.lsI", "495")));
    }

    @Test
    void oneTagWithTwoRolesIsRefused() {
        assertEquals("io.lineledger.line~line-1: characteristic.fillWeight.tag = 'partCount': tag 'partCount' already"
                + " has a role: counter.totalTag", refused(with(line1(), "characteristic.fillWeight.tag", "partCount")));
    }

    @Test
    void aBadLineIdIsRefused() {
        assertEquals("io.lineledger.line~line-1: lineId = 'line 1': only letters, digits, '_', '.' and '-' are allowed",
                refused(with(line1(), "lineId", "line 1")));
        assertEquals("io.lineledger.line~line-1: lineId = '': required: the line's id (letters, digits, '_', '.', '-')",
                refused(with(line1(), "lineId", null)));
    }

    @Test
    void theFileKarafReadIsNamedWithThePid() {
        assertEquals("io.lineledger.line~a (io.lineledger.line-a.cfg)", LineDefinitions.pidOf(Map.of(
                "service.pid", "io.lineledger.line~a", "felix.fileinstall.filename",
                "file:/opt/karaf/etc/io.lineledger.line-a.cfg")));
    }

    @Test
    void aSecondConfigurationOfOneLineIdIsRefusedNamingBothAndTheFirstKeepsIt() {
        LineClaims claims = new LineClaims();
        claims.claim("line-1", "io.lineledger.line~a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> claims.claim("line-1", "io.lineledger.line~b"));
        assertEquals("io.lineledger.line~b: lineId = 'line-1': already used by io.lineledger.line~a; this configuration"
                + " does not start (give each line its own lineId)", e.getMessage());
        claims.release("line-1", "io.lineledger.line~b"); // the refused one stops: the first keeps the id
        assertThrows(IllegalArgumentException.class, () -> claims.claim("line-1", "io.lineledger.line~b"));
        claims.claim("line-2", "io.lineledger.line~b");
        claims.release("line-1", "io.lineledger.line~a");
        claims.claim("line-1", "io.lineledger.line~c");
    }
}
