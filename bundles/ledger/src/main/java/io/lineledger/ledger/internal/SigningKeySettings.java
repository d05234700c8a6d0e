package io.lineledger.ledger.internal;

import java.nio.file.Path;

/**
 * Where the key that signs anchor transactions comes from, as configured (validated by {@link LedgerSettings}):
 * an encrypted JSON keystore with its password from a file or from the configuration (e.g. Karaf's
 * {@code $[secret:...]}), a remote signer, or, on the dev chain only, a plain-text key.
 */
sealed interface SigningKeySettings {

    /**
     * An Ethereum V3 keystore (as geth, web3j, Besu's tools and the network kit write them).
     *
     * @param file         the keystore; relative paths are under Karaf's etc/
     * @param passwordFile the file holding its password (first line); null when {@code password} is given
     * @param password     the password itself; null when {@code passwordFile} is given
     */
    record KeyStore(String file, String passwordFile, String password) implements SigningKeySettings {

        @Override
        public String toString() {
            return "KeyStore[" + file + ", passwordFile=" + passwordFile + "]"; // never the password
        }
    }

    /**
     * A remote signer ({@code eth_signTransaction}, Web3Signer-style) that holds the key.
     *
     * @param url     its JSON-RPC endpoint
     * @param account the account it signs for, 0x-prefixed
     */
    record Remote(java.net.URI url, String account) implements SigningKeySettings { }

    /** A key in plain text: accepted on the dev chain only ({@link DevChainKeys}). */
    record PlainText(String privateKey) implements SigningKeySettings {

        @Override
        public String toString() {
            return "PlainText[hidden]";
        }
    }

    /** Where the files are, relative paths taken under {@code etc}. */
    static Path resolve(Path etc, String file) {
        Path path = Path.of(file);
        return path.isAbsolute() || etc == null ? path : etc.resolve(path);
    }
}
