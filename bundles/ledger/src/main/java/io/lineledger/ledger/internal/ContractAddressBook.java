package io.lineledger.ledger.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** Remembers the address of the contract deployed on each chain (by chain id), so a restart reuses it. */
final class ContractAddressBook {

    private final Path file;

    ContractAddressBook(Path file) {
        this.file = file;
    }

    Optional<String> addressOn(long chainId) {
        return Optional.ofNullable(load().getProperty(Long.toString(chainId)));
    }

    /** The chain ids a contract was deployed on, in no particular order. */
    Set<Long> chainIds() {
        return load().stringPropertyNames().stream().map(Long::parseLong).collect(Collectors.toSet());
    }

    void remember(long chainId, String address) {
        Properties properties = load();
        properties.setProperty(Long.toString(chainId), address);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                properties.store(out, "LineLedgerRegistry addresses by chain id, written by the ledger bundle");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Properties load() {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return properties;
    }
}
