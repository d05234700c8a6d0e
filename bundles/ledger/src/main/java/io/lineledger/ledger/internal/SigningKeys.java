package io.lineledger.ledger.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;

/**
 * The signing key as configured, loaded when the ledger connects to its node. A keystore is decrypted once and kept
 * while its file and password file stay as they were; a failure (no such file, wrong password) is remembered for
 * the same files, so a pass every half second does not decrypt again, and a fixed file is picked up at the next pass
 * without a restart.
 */
final class SigningKeys {

    /** Keystores are small; a larger file is not one. */
    private static final long MAX_KEYSTORE_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final SigningKeySettings settings;
    private final Path etc;
    private String loadedStamp;
    private TransactionSigner loaded;
    private SigningKeyException failed;

    /**
     * @param etc where relative paths start (Karaf's etc/); null: the working directory
     */
    SigningKeys(SigningKeySettings settings, Path etc) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.etc = etc;
    }

    /**
     * Connects to the node with the configured key, then refuses a published dev-chain key or a plain-text key on
     * any chain but the dev chain.
     *
     * @throws SigningKeyException when the key cannot be used
     * @throws ChainException      when the node does not answer
     */
    TransactionSender connect(String rpcUrl, int maxInFlight) {
        // connected first, so a key problem is reported with the chain the node serves (the node is reachable)
        TransactionSender sender = TransactionSender.connect(rpcUrl, new Deferred(), maxInFlight);
        try {
            TransactionSigner signer = signer();
            DevChainKeys.check(signer.address(), settings instanceof SigningKeySettings.PlainText, sender.chainId());
        } catch (SigningKeyException e) {
            sender.close();
            throw e.nodeChainId() == 0 ? e.onChain(sender.chainId()) : e;
        }
        return sender;
    }

    /** The configured signer, loaded when first used (the sender reads only the node's chain id on connecting). */
    private final class Deferred implements TransactionSigner {

        @Override
        public String address() {
            return signer().address();
        }

        @Override
        public byte[] sign(org.web3j.crypto.RawTransaction transaction, long chainId) {
            return signer().sign(transaction, chainId);
        }
    }

    /** The signer, loaded again only when the files changed since the last attempt. */
    synchronized TransactionSigner signer() {
        String stamp = stamp();
        if (stamp.equals(loadedStamp)) {
            if (failed != null) {
                throw failed;
            }
            return loaded;
        }
        loadedStamp = stamp;
        try {
            loaded = load();
            failed = null;
            return loaded;
        } catch (SigningKeyException e) {
            loaded = null;
            failed = e;
            throw e;
        }
    }

    private TransactionSigner load() {
        if (settings instanceof SigningKeySettings.PlainText plain) {
            return KeyPairSigner.ofPrivateKey(plain.privateKey());
        }
        if (settings instanceof SigningKeySettings.Remote remote) {
            return new RemoteSigner(remote.url(), remote.account());
        }
        SigningKeySettings.KeyStore keyStore = (SigningKeySettings.KeyStore) settings;
        Path file = SigningKeySettings.resolve(etc, keyStore.file());
        WalletFile wallet = readKeyStore(file);
        String password = keyStore.password() != null ? keyStore.password() : readPassword(keyStore);
        try {
            return new KeyPairSigner(Credentials.create(Wallet.decrypt(password, wallet)));
        } catch (CipherException e) {
            throw new SigningKeyException("cannot decrypt keystore " + file + ": " + describe(e, keyStore));
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new SigningKeyException("cannot decrypt keystore " + file + ": " + e);
        }
    }

    private static WalletFile readKeyStore(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_KEYSTORE_BYTES) {
                throw new SigningKeyException("keystore " + file + " is " + Files.size(file) + " bytes: not a keystore"
                        + " (they are well below " + MAX_KEYSTORE_BYTES + ")");
            }
            WalletFile wallet = JSON.readValue(Files.readAllBytes(file), WalletFile.class);
            if (wallet == null || wallet.getCrypto() == null) {
                throw new SigningKeyException("keystore " + file + " is not an Ethereum JSON keystore (no 'crypto')");
            }
            return wallet;
        } catch (NoSuchFileException e) {
            throw new SigningKeyException("keystore " + file + " does not exist (keyStoreFile of "
                    + LedgerConfig.PID + "; create one with the network kit's keystore command)");
        } catch (JsonProcessingException e) {
            throw new SigningKeyException("keystore " + file + " is not an Ethereum JSON keystore: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SigningKeyException("cannot read keystore " + file + ": " + e);
        }
    }

    private String readPassword(SigningKeySettings.KeyStore keyStore) {
        Path file = SigningKeySettings.resolve(etc, keyStore.passwordFile());
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // the first line, without its line end: a password may contain spaces
            String password = text.lines().findFirst().orElse("");
            if (password.isEmpty()) {
                throw new SigningKeyException("password file " + file + " is empty");
            }
            return password;
        } catch (NoSuchFileException e) {
            throw new SigningKeyException("password file " + file + " does not exist (keyStorePasswordFile of "
                    + LedgerConfig.PID + ")");
        } catch (IOException e) {
            throw new SigningKeyException("cannot read password file " + file + ": " + e);
        }
    }

    private static String describe(CipherException e, SigningKeySettings.KeyStore keyStore) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Invalid password")) {
            return "wrong password (from " + (keyStore.passwordFile() != null
                    ? "keyStorePasswordFile " + keyStore.passwordFile() : "keyStorePassword") + ")";
        }
        return message;
    }

    /** What the key depends on: the files' paths, sizes and times (and a configured password's hash). */
    private String stamp() {
        if (settings instanceof SigningKeySettings.KeyStore keyStore) {
            return fileStamp(SigningKeySettings.resolve(etc, keyStore.file()))
                    + "|" + (keyStore.passwordFile() == null ? "password:" + keyStore.password().hashCode()
                    : fileStamp(SigningKeySettings.resolve(etc, keyStore.passwordFile())));
        }
        return settings.getClass().getSimpleName();
    }

    private static String fileStamp(Path file) {
        try {
            return file + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file + ":missing";
        }
    }
}
