package io.lineledger.besukit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * A QBFT block header's {@code extraData}, as Besu encodes it:
 * {@code RLP([32 bytes vanity, [validators], vote or [], round as an integer scalar, [seals]])}. A genesis block has
 * no vote, round 0 and no seals: {@code RLP([vanity, [validators], [], 0, []])}.
 *
 * @param vanity     32 bytes the proposer may fill as it likes (zeros in a genesis)
 * @param validators 20-byte addresses, in the order given
 * @param vote       an optional vote: the recipient and whether it adds ({@code 0xff}) or drops ({@code 0x00}) it
 * @param round      the consensus round
 * @param seals      65-byte committer seals
 */
public record QbftExtraData(byte[] vanity, List<byte[]> validators, Optional<Vote> vote, int round,
                            List<byte[]> seals) {

    /** A validator vote: add or drop {@code recipient}. */
    public record Vote(byte[] recipient, boolean add) { }

    public QbftExtraData {
        Objects.requireNonNull(vanity, "vanity");
        if (vanity.length != 32) {
            throw new IllegalArgumentException("vanity must be 32 bytes, got " + vanity.length);
        }
        validators = List.copyOf(validators);
        for (byte[] validator : validators) {
            if (validator.length != 20) {
                throw new IllegalArgumentException("a validator address must be 20 bytes, got " + validator.length);
            }
        }
        Objects.requireNonNull(vote, "vote");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative, got " + round);
        }
        seals = List.copyOf(seals);
    }

    /**
     * The genesis {@code extraData} of a network whose validators are {@code addresses} (0x-prefixed or not), in the
     * order given: zero vanity, no vote, round 0, no seals.
     */
    public static String genesis(List<String> addresses) {
        List<byte[]> validators = addresses.stream().map(QbftExtraData::address).toList();
        return Numeric.toHexString(new QbftExtraData(new byte[32], validators, Optional.empty(), 0, List.of()).encode());
    }

    /** The RLP encoding Besu's {@code QbftExtraDataCodec} writes. */
    public byte[] encode() {
        List<RlpType> validatorList = validators.stream().map(v -> (RlpType) RlpString.create(v)).toList();
        RlpType voteItem = vote.<RlpType>map(v -> new RlpList(RlpString.create(v.recipient()),
                // Besu writes the vote type as a single byte: 0xff adds, 0x00 drops (RLP 0x81ff, 0x00)
                RlpString.create(new byte[] {v.add() ? (byte) 0xff : 0x00}))).orElse(new RlpList());
        List<RlpType> sealList = seals.stream().map(s -> (RlpType) RlpString.create(s)).toList();
        return RlpEncoder.encode(new RlpList(
                RlpString.create(vanity),
                new RlpList(validatorList),
                voteItem,
                scalar(round),
                new RlpList(sealList)));
    }

    /** Reads an encoding back (the validators of a genesis, to check one). */
    public static QbftExtraData decode(String hex) {
        RlpList outer = (RlpList) RlpDecoder.decode(Numeric.hexStringToByteArray(hex)).getValues().get(0);
        List<RlpType> items = outer.getValues();
        if (items.size() != 5) {
            throw new IllegalArgumentException("QBFT extraData has 5 items, this has " + items.size());
        }
        List<byte[]> validators = new ArrayList<>();
        for (RlpType v : ((RlpList) items.get(1)).getValues()) {
            validators.add(((RlpString) v).getBytes());
        }
        List<RlpType> voteItems = ((RlpList) items.get(2)).getValues();
        Optional<Vote> vote = voteItems.isEmpty() ? Optional.empty() : Optional.of(new Vote(
                ((RlpString) voteItems.get(0)).getBytes(), ((RlpString) voteItems.get(1)).getBytes().length == 1
                && ((RlpString) voteItems.get(1)).getBytes()[0] == (byte) 0xff));
        byte[] roundBytes = ((RlpString) items.get(3)).getBytes();
        int round = roundBytes.length == 0 ? 0 : new java.math.BigInteger(1, roundBytes).intValueExact();
        List<byte[]> seals = new ArrayList<>();
        for (RlpType s : ((RlpList) items.get(4)).getValues()) {
            seals.add(((RlpString) s).getBytes());
        }
        return new QbftExtraData(((RlpString) items.get(0)).getBytes(), validators, vote, round, seals);
    }

    /** The validators as 0x-prefixed lower-case addresses. */
    public List<String> validatorAddresses() {
        return validators.stream().map(Numeric::toHexString).toList();
    }

    /** An integer scalar as Besu writes it: no leading zero bytes, 0 as the empty string (0x80). */
    private static RlpString scalar(int value) {
        byte[] padded = Numeric.toBytesPadded(java.math.BigInteger.valueOf(value), 4);
        int first = 0;
        while (first < padded.length && padded[first] == 0) {
            first++;
        }
        return RlpString.create(Arrays.copyOfRange(padded, first, padded.length));
    }

    static byte[] address(String hex) {
        byte[] bytes = Numeric.hexStringToByteArray(hex);
        if (bytes.length != 20) {
            throw new IllegalArgumentException("not a 20-byte address: '" + hex + "'");
        }
        return bytes;
    }
}
