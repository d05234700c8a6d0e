package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;

class DevChainKeysTest {

    private static final String PUBLISHED_MNEMONIC = "test test test test test test test test test test test junk";

    @Test
    void thePublishedAccountsAreAnvilsTenFromItsMnemonic() {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(PUBLISHED_MNEMONIC, ""));
        Set<String> derived = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT,
                    Bip32ECKeyPair.HARDENED_BIT, 0, i};
            derived.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)).getAddress());
        }
        assertEquals(DevChainKeys.PUBLISHED, derived);
        assertTrue(DevChainKeys.isPublished(Credentials.create(Anvil.KEY_0).getAddress()));
    }

    @Test
    void aPublishedKeySignsOnlyOnTheDevChain() {
        String account0 = Credentials.create(Anvil.KEY_0).getAddress();
        assertDoesNotThrow(() -> DevChainKeys.check(account0, false, 31337));

        SigningKeyException e = assertThrows(SigningKeyException.class, () -> DevChainKeys.check(account0, false, 1337));
        assertEquals("signing key: account " + account0 + " is one of the dev chain's published test accounts (anyone"
                + " has its key); it signs only on the dev chain (chain id 31337), and the node serves chain 1337: use"
                + " the plant's own key in keyStoreFile", e.getMessage());
        assertEquals(1337, e.nodeChainId());
    }

    @Test
    void aPlainTextKeyIsRefusedOffTheDevChainEvenWhenItIsNotPublished() throws Exception {
        String own = "0x" + Keys.createEcKeyPair().getPrivateKey().toString(16);
        String address = Credentials.create(own).getAddress();
        assertDoesNotThrow(() -> DevChainKeys.check(address, true, 31337));
        assertDoesNotThrow(() -> DevChainKeys.check(address, false, 2024), "from a keystore: fine");

        SigningKeyException e = assertThrows(SigningKeyException.class, () -> DevChainKeys.check(address, true, 2024));
        assertTrue(e.getMessage().startsWith("signing key: privateKey (a key in plain text) is accepted only on the dev"
                + " chain"), e.getMessage());
    }
}
