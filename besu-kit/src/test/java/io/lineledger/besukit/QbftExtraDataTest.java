package io.lineledger.besukit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class QbftExtraDataTest {

    /** The 4-validator QBFT genesis in Besu's documentation ("Sample QBFT genesis file"), its extraData verbatim. */
    private static final String BESU_DOCS_GENESIS_EXTRA_DATA = "0xf87aa0000000000000000000000000000000000000000000000000"
            + "0000000000000000f8549464a702e6263b7297a96638cac6ae65e6541f4169943923390ad55e90c237593b3b0e401f3b08a03185"
            + "94aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf93039b212648e01c6c6b78c080c0";
    private static final List<String> BESU_DOCS_VALIDATORS = List.of(
            "0x64a702e6263b7297a96638cac6ae65e6541f4169",
            "0x3923390ad55e90c237593b3b0e401f3b08a03185",
            "0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692",
            "0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78");

    /** Besu's own codec test vector (QbftExtraDataCodecTest.RAW_HEX_ENCODING_STRING): vote, round and seals too. */
    private static final String BESU_CODEC_VECTOR = "0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
            + "1d1e1f20ea940000000000000000000000000000000000000001940000000000000000000000000000000000000002d794000000"
            + "000000000000000000000000000000000181ff83fedcbaf886b8410000000000000000000000000000000000000000000000000000"
            + "000000000001000000000000000000000000000000000000000000000000000000000000000a00b84100000000000000000000000000"
            + "0000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000100";

    @Test
    void aGenesisOfTheDocumentationsFourValidatorsEncodesToItsExtraData() {
        assertEquals(BESU_DOCS_GENESIS_EXTRA_DATA, QbftExtraData.genesis(BESU_DOCS_VALIDATORS));
    }

    @Test
    void theDocumentationsExtraDataDecodesToItsValidatorsNoVoteRoundZeroAndNoSeals() {
        QbftExtraData decoded = QbftExtraData.decode(BESU_DOCS_GENESIS_EXTRA_DATA);

        assertEquals(BESU_DOCS_VALIDATORS, decoded.validatorAddresses());
        assertArrayEquals(new byte[32], decoded.vanity());
        assertTrue(decoded.vote().isEmpty());
        assertEquals(0, decoded.round());
        assertTrue(decoded.seals().isEmpty());
    }

    @Test
    void besusCodecVectorWithAVoteARoundAndSealsEncodesTheSame() {
        byte[] vanity = new byte[32];
        for (int i = 0; i < 32; i++) {
            vanity[i] = (byte) (i + 1);
        }
        byte[] one = Numeric.toBytesPadded(BigInteger.ONE, 20);
        byte[] two = Numeric.toBytesPadded(BigInteger.TWO, 20);
        QbftExtraData data = new QbftExtraData(vanity, List.of(one, two),
                Optional.of(new QbftExtraData.Vote(one, true)), 0x00FEDCBA,
                List.of(seal(BigInteger.ONE, BigInteger.TEN), seal(BigInteger.TEN, BigInteger.ONE)));

        assertEquals(BESU_CODEC_VECTOR, Numeric.toHexString(data.encode()));
        assertEquals(0x00FEDCBA, QbftExtraData.decode(BESU_CODEC_VECTOR).round());
    }

    @Test
    void aValidatorThatIsNotAnAddressIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QbftExtraData.genesis(List.of("0x1234")));
        assertEquals("not a 20-byte address: '0x1234'", e.getMessage());
    }

    /** A SECP256K1 signature as Besu encodes a committer seal: r (32 bytes), s (32 bytes), recovery id 0. */
    private static byte[] seal(BigInteger r, BigInteger s) {
        byte[] seal = new byte[65];
        System.arraycopy(Numeric.toBytesPadded(r, 32), 0, seal, 0, 32);
        System.arraycopy(Numeric.toBytesPadded(s, 32), 0, seal, 32, 32);
        return seal;
    }
}
