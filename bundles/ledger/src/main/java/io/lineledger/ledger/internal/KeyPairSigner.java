package io.lineledger.ledger.internal;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** A key held in this process: decrypted from a keystore, or the dev chain's plain-text key. */
record KeyPairSigner(Credentials credentials) implements TransactionSigner {

    /** From 32 bytes as hex (validated by the caller). */
    static KeyPairSigner ofPrivateKey(String hex) {
        return new KeyPairSigner(Credentials.create(hex));
    }

    @Override
    public String address() {
        return credentials.getAddress();
    }

    @Override
    public byte[] sign(RawTransaction transaction, long chainId) {
        return TransactionEncoder.signMessage(transaction, chainId, credentials);
    }

    @Override
    public String toString() {
        return "KeyPairSigner[" + address() + "]"; // never the key
    }
}
