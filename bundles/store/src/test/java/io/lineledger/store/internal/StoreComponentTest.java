package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreComponentTest {

    @Test
    void emptyJdbcUrlMeansAFileDatabaseUnderKarafsDataDirectory() {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            assertEquals("jdbc:h2:file:/opt/karaf/data/lineledger/store", StoreComponent.jdbcUrl(""));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }

    @Test
    void aNonH2UrlIsRejectedNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreComponent.jdbcUrl("jdbc:mysql://db/x"));
        assertTrue(e.getMessage().contains("io.lineledger.store"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:mysql://db/x"), e.getMessage());
    }
}
