package io.lineledger.besukit;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * A Besu node's secp256k1 key: its {@code key} file (the private key, 0x and 64 hex digits, as Besu writes it), its
 * public key (the enode id) and its address (the validator address in {@code extraData}).
 */
public record NodeKey(ECKeyPair pair) {

    public NodeKey {
        Objects.requireNonNull(pair, "pair");
    }

    public static NodeKey generate() {
        try {
            return new NodeKey(Keys.createEcKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a secp256k1 key: " + e.getMessage(), e);
        }
    }

    /** From a {@code key} file's content. */
    public static NodeKey of(String privateKeyHex) {
        return new NodeKey(ECKeyPair.create(Numeric.toBigInt(privateKeyHex.strip())));
    }

    /** The {@code key} file's content. */
    public String privateKeyHex() {
        return Numeric.toHexStringWithPrefixZeroPadded(pair.getPrivateKey(), 64);
    }

    /** The uncompressed public key without its 0x04 prefix, 128 hex digits: the enode id. */
    public String publicKeyHex() {
        return Numeric.toHexStringNoPrefixZeroPadded(pair.getPublicKey(), 128);
    }

    /** 0x-prefixed lower-case address. */
    public String address() {
        return "0x" + Keys.getAddress(pair);
    }

    /** {@code enode://<id>@host:port}, as static-nodes.json lists a peer. */
    public String enode(String host, int p2pPort) {
        return "enode://" + publicKeyHex() + "@" + host + ":" + p2pPort;
    }

    BigInteger privateKey() {
        return pair.getPrivateKey();
    }

    @Override
    public String toString() {
        return "NodeKey[" + address() + "]"; // never the private key
    }
}
