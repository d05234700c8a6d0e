package io.lineledger.ledger.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Turns revert data of the LineLedgerRegistry (its custom errors and OpenZeppelin's) into readable text. */
final class RegistryErrors {

    /** A decoded revert: the error's name and its rendering with argument names and values. */
    record Decoded(String name, String text) {
    }

    private record ErrorAbi(String name, List<String> argNames, List<TypeReference<Type>> types) {
    }

    private static final Map<String, ErrorAbi> BY_SELECTOR = new LinkedHashMap<>();

    static {
        define("SequenceGap", "bytes32 lineKey", "uint64 expected", "uint64 got");
        define("InvalidRange", "uint64 firstSeq", "uint64 lastSeq");
        define("ZeroRoot");
        define("RootAlreadyAnchored", "bytes32 root", "bytes32 lineKey", "uint64 firstSeq", "uint64 lastSeq");
        define("BatchAlreadySealed", "bytes32 batchKey", "bytes32 lineKey");
        define("BatchNotSealed", "bytes32 batchKey");
        define("MissingReason", "bytes32 batchKey");
        define("UnknownRevision", "bytes32 batchKey", "uint256 revision", "uint256 revisionCount");
        define("LengthMismatch", "uint256 lineKeys", "uint256 firstSeqs", "uint256 lastSeqs", "uint256 roots");
        define("AccessControlUnauthorizedAccount", "address account", "bytes32 neededRole");
        define("AccessControlBadConfirmation");
        define("SafeCastOverflowedUintDowncast", "uint8 bits", "uint256 value");
        define("Error", "string reason");
        define("Panic", "uint256 code");
    }

    private RegistryErrors() {
    }

    private static void define(String name, String... args) {
        List<String> argNames = new ArrayList<>();
        List<String> solidityTypes = new ArrayList<>();
        List<TypeReference<Type>> types = new ArrayList<>();
        for (String arg : args) {
            String[] typeAndName = arg.split(" ");
            solidityTypes.add(typeAndName[0]);
            argNames.add(typeAndName[1]);
            types.add(typeReference(typeAndName[0]));
        }
        String signature = name + "(" + String.join(",", solidityTypes) + ")";
        String selector = Hash.sha3String(signature).substring(0, 10);
        BY_SELECTOR.put(selector, new ErrorAbi(name, argNames, types));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> typeReference(String solidityType) {
        TypeReference<?> ref = switch (solidityType) {
            case "bytes32" -> new TypeReference<Bytes32>() { };
            case "uint64" -> new TypeReference<Uint64>() { };
            case "uint256", "uint8" -> new TypeReference<Uint256>() { };
            case "address" -> new TypeReference<Address>() { };
            case "string" -> new TypeReference<Utf8String>() { };
            default -> throw new IllegalArgumentException("no decoder for Solidity type " + solidityType);
        };
        return (TypeReference) ref;
    }

    /** Decodes {@code 0x<selector><args>}; empty when the data is absent or of an unknown error. */
    static Optional<Decoded> decode(String revertData) {
        if (revertData == null) {
            return Optional.empty();
        }
        String hex = Numeric.prependHexPrefix(revertData.strip().replace("\"", ""));
        if (hex.length() < 10) {
            return Optional.empty();
        }
        ErrorAbi error = BY_SELECTOR.get(hex.substring(0, 10).toLowerCase());
        if (error == null) {
            return Optional.empty();
        }
        List<Type> values = error.types().isEmpty() ? List.of()
                : FunctionReturnDecoder.decode("0x" + hex.substring(10), error.types());
        if (values.size() != error.types().size()) {
            return Optional.of(new Decoded(error.name(), error.name() + "(<undecodable arguments>)"));
        }
        StringBuilder text = new StringBuilder(error.name()).append('(');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(error.argNames().get(i)).append('=').append(render(values.get(i)));
        }
        return Optional.of(new Decoded(error.name(), text.append(')').toString()));
    }

    private static String render(Type value) {
        if (value instanceof Bytes32 bytes) {
            return Numeric.toHexString(bytes.getValue());
        }
        return String.valueOf(value.getValue());
    }
}
