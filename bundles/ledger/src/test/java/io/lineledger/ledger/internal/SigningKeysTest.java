package io.lineledger.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;

class SigningKeysTest {

    @TempDir
    Path etc;

    /** A V3 keystore as web3j (and geth, Besu's tools) write it, with light scrypt parameters for a fast test. */
    static Path keyStore(Path file, ECKeyPair key, String password) throws Exception {
        Files.createDirectories(file.getParent());
        new ObjectMapper().writeValue(file.toFile(), Wallet.createLight(password, key));
        return file;
    }

    private static SigningKeySettings.KeyStore relative(String file, String passwordFile) {
        return new SigningKeySettings.KeyStore(file, passwordFile, null);
    }

    @Test
    void aKeystoreUnderEtcIsDecryptedWithThePasswordFromItsFile() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        keyStore(etc.resolve("lineledger/anchoring.json"), key, "correct horse");
        Files.writeString(etc.resolve("lineledger/anchoring.password"), "correct horse\n");

        TransactionSigner signer = new SigningKeys(relative("lineledger/anchoring.json",
                "lineledger/anchoring.password"), etc).signer();

        assertEquals(Credentials.create(key).getAddress(), signer.address());
        assertFalse(signer.toString().contains(key.getPrivateKey().toString(16)), signer.toString());
    }

    @Test
    void aMissingKeystoreOrAWrongPasswordIsSaidAndAFixedFileWorksWithoutANewInstance() throws Exception {
        SigningKeys keys = new SigningKeys(relative("lineledger/anchoring.json", "lineledger/anchoring.password"), etc);
        Path keyFile = etc.resolve("lineledger/anchoring.json");
        Path passwordFile = etc.resolve("lineledger/anchoring.password");

        SigningKeyException missing = assertThrows(SigningKeyException.class, keys::signer);
        assertEquals("signing key: keystore " + keyFile + " does not exist (keyStoreFile of io.lineledger.ledger; "
                + "create one with the network kit's keystore command)", missing.getMessage());

        ECKeyPair key = Keys.createEcKeyPair();
        keyStore(keyFile, key, "right");
        Files.writeString(passwordFile, "wrong\n");
        SigningKeyException wrong = assertThrows(SigningKeyException.class, keys::signer);
        assertEquals("signing key: cannot decrypt keystore " + keyFile + ": wrong password (from keyStorePasswordFile "
                + "lineledger/anchoring.password)", wrong.getMessage());
        assertTrue(assertThrows(SigningKeyException.class, keys::signer) == wrong,
                "the same files are not decrypted again");

        Files.writeString(passwordFile, "right\n");
        Files.setLastModifiedTime(passwordFile, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(Credentials.create(key).getAddress(), keys.signer().address());
    }

    @Test
    void aFileThatIsNotAKeystoreIsNamed() throws Exception {
        Files.writeString(etc.resolve("k.json"), "{\"address\":\"x\"}");
        Files.writeString(etc.resolve("p"), "x\n");

        SigningKeyException e = assertThrows(SigningKeyException.class,
                () -> new SigningKeys(relative("k.json", "p"), etc).signer());

        assertEquals("signing key: keystore " + etc.resolve("k.json") + " is not an Ethereum JSON keystore (no 'crypto')",
                e.getMessage());
    }

    @Test
    void thePasswordMayComeFromTheConfigurationAsKarafResolvedIt() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        keyStore(etc.resolve("k.json"), key, "from a secret");

        TransactionSigner signer = new SigningKeys(new SigningKeySettings.KeyStore("k.json", null, "from a secret"),
                etc).signer();

        assertEquals(Credentials.create(key).getAddress(), signer.address());
    }
}
