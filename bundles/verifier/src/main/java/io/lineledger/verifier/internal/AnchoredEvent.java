package io.lineledger.verifier.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.verifier.ChainReader.EventLog;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * {@code event Anchored(bytes32 indexed lineKey, bytes32 indexed root, address indexed writer, uint64 firstSeq,
 * uint64 lastSeq)} of LineLedgerRegistry, decoded from a receipt log.
 */
public record AnchoredEvent(Bytes32 lineKey, Bytes32 root, String writer, long firstSeq, long lastSeq) {

    public static final Event EVENT = new Event("Anchored", List.of(
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) { },
            new TypeReference<Address>(true) { },
            new TypeReference<Uint64>() { },
            new TypeReference<Uint64>() { }));

    /** keccak256("Anchored(bytes32,bytes32,address,uint64,uint64)"). */
    public static final Bytes32 TOPIC = Bytes32.fromHex(EventEncoder.encode(EVENT));

    /** The event in {@code log}; empty when the log is another event or does not decode. */
    @SuppressWarnings("rawtypes")
    public static Optional<AnchoredEvent> decode(EventLog log) {
        if (log.topics().size() != 4 || !log.topics().get(0).equals(TOPIC)) {
            return Optional.empty();
        }
        try {
            List<Type> values = FunctionReturnDecoder.decode(Numeric.toHexString(log.data()),
                    EVENT.getNonIndexedParameters());
            if (values.size() != 2) {
                return Optional.empty();
            }
            byte[] writerTopic = log.topics().get(3).bytes();
            String writer = Numeric.toHexString(Arrays.copyOfRange(writerTopic, 12, 32));
            return Optional.of(new AnchoredEvent(log.topics().get(1), log.topics().get(2), writer,
                    toLong((BigInteger) values.get(0).getValue()), toLong((BigInteger) values.get(1).getValue())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The log the contract emits for this event (for test doubles and tools). */
    public EventLog toLog(long logIndex, String contract) {
        byte[] writerTopic = new byte[32];
        byte[] address = Numeric.hexStringToByteArray(writer);
        System.arraycopy(address, 0, writerTopic, 32 - address.length, address.length);
        String data = TypeEncoder.encode(new Uint64(firstSeq)) + TypeEncoder.encode(new Uint64(lastSeq));
        return new EventLog(logIndex, contract, List.of(TOPIC, lineKey, root, Bytes32.of(writerTopic)),
                Numeric.hexStringToByteArray(data));
    }

    /** uint64 can exceed a long; such a value matches nothing a proof file can state. */
    static long toLong(BigInteger value) {
        return value.bitLength() < 64 ? value.longValue() : Long.MAX_VALUE;
    }
}
