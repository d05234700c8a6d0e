package io.lineledger.besukit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

class KeyStoresTest {

    @TempDir
    Path dir;

    @Test
    void aNewKeystoreOpensWithItsRandomPasswordAsWeb3jReadsIt() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();

        String address = KeyStores.create(dir.resolve("etc/lineledger/anchoring.json"),
                dir.resolve("etc/lineledger/anchoring.password"), key, false);

        String password = Files.readString(dir.resolve("etc/lineledger/anchoring.password")).strip();
        assertTrue(password.length() >= 32, "a random password: " + password.length());
        Credentials loaded = WalletUtils.loadCredentials(password, dir.resolve("etc/lineledger/anchoring.json").toFile());
        assertEquals(Credentials.create(key).getAddress(), loaded.getAddress());
        assertEquals(address, KeyStores.open(dir.resolve("etc/lineledger/anchoring.json"),
                dir.resolve("etc/lineledger/anchoring.password")).getAddress());
    }

    @Test
    void aKeystoreIsNeverOverwrittenAndAWrongPasswordIsSaid() throws Exception {
        Path keyStore = dir.resolve("k.json");
        KeyStores.create(keyStore, dir.resolve("k.password"), Keys.createEcKeyPair(), false);

        assertThrows(IllegalArgumentException.class,
                () -> KeyStores.create(keyStore, dir.resolve("k2.password"), Keys.createEcKeyPair(), false));
        Files.writeString(dir.resolve("wrong"), "nope\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyStores.open(keyStore, dir.resolve("wrong")));
        assertTrue(e.getMessage().startsWith("cannot decrypt " + keyStore + " with the password in "), e.getMessage());
    }
}
