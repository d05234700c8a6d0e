package io.lineledger.besukit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.exception.CipherException;

/**
 * Encrypted JSON keystores (Ethereum V3, as geth, web3j and Besu's tools read them) for LineLedger's accounts: the
 * anchoring account the ledger signs with ({@code keyStoreFile} + {@code keyStorePasswordFile}) and the registry's
 * admin. Each comes with a password file holding a random password, readable by its owner only.
 */
public final class KeyStores {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyStores() {
    }

    /**
     * Writes {@code key} into a new keystore and a new random password into {@code passwordFile}.
     *
     * @param standardScrypt geth's standard scrypt cost (decrypting takes 256 MiB and a second); otherwise the light
     *                       one (a few MiB): with a random 32-character password, guessing it is out of reach either way
     * @return the account's address
     */
    public static String create(Path keyStore, Path passwordFile, ECKeyPair key, boolean standardScrypt) {
        if (Files.exists(keyStore)) {
            throw new IllegalArgumentException(keyStore + " exists: a keystore is never overwritten");
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            WalletFile wallet = standardScrypt ? Wallet.createStandard(password, key) : Wallet.createLight(password, key);
            if (keyStore.toAbsolutePath().getParent() != null) {
                Files.createDirectories(keyStore.toAbsolutePath().getParent());
            }
            if (passwordFile.toAbsolutePath().getParent() != null) {
                Files.createDirectories(passwordFile.toAbsolutePath().getParent());
            }
            QbftNetwork.writePrivate(passwordFile, password + "\n");
            QbftNetwork.writePrivate(keyStore, JSON.writeValueAsString(wallet));
            return Credentials.create(key).getAddress();
        } catch (CipherException e) {
            throw new IllegalStateException("cannot encrypt the key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** The account in a keystore, decrypted with the first line of {@code passwordFile}. */
    public static Credentials open(Path keyStore, Path passwordFile) {
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("password file " + passwordFile + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + passwordFile + ": " + e.getMessage(), e);
        }
        try {
            WalletFile wallet = JSON.readValue(Files.readAllBytes(keyStore), WalletFile.class);
            return Credentials.create(Wallet.decrypt(password, wallet));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("keystore " + keyStore + " does not exist");
        } catch (CipherException e) {
            throw new IllegalArgumentException("cannot decrypt " + keyStore + " with the password in " + passwordFile
                    + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(keyStore + " is not an Ethereum JSON keystore: " + e.getMessage());
        }
    }
}
