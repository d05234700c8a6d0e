package io.lineledger.routes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The YAML route files the rules run, in a directory integrators edit ({@code routesDirectory}). The bundle's own
 * files are written there when the directory does not exist; after that the directory is the rules' source.
 */
public final class RouteFiles {

    /** The bundle's route files (listed: bundle resources cannot be scanned portably). */
    static final List<String> BUILT_IN = List.of(
            "error-handling.yaml",
            "production-events.yaml",
            "batch-lifecycle.yaml",
            "quality-check.yaml",
            "alarms.yaml");

    private static final Pattern ROUTE_CONFIGURATION = Pattern.compile("(?m)^-\\s*routeConfiguration\\s*:");

    private final Path directory;

    public RouteFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The bundle's own files by name, error handling first. */
    public static Map<String, String> builtIn() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            try (InputStream in = RouteFiles.class.getClassLoader().getResourceAsStream("routes/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("route file routes/" + name + " is missing from the bundle");
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Writes the bundle's files when the directory does not exist; true when it did. */
    public boolean installDefaults() {
        if (Files.exists(directory)) {
            return false;
        }
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : builtIn().entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("route files: cannot write the bundle's files into " + directory, e);
        }
    }

    /**
     * The {@code *.yaml} files of the directory now, by name: files with a route configuration (the error handling)
     * first, since it applies to the routes made after it; then by name.
     */
    public Map<String, String> read() throws IOException {
        List<Path> paths;
        try (Stream<Path> list = Files.list(directory)) {
            paths = new ArrayList<>(list.filter(p -> p.getFileName().toString().endsWith(".yaml")
                    && Files.isRegularFile(p)).sorted().toList());
        }
        Map<String, String> configurations = new LinkedHashMap<>();
        Map<String, String> routes = new LinkedHashMap<>();
        for (Path path : paths) {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            (hasRouteConfiguration(content) ? configurations : routes).put(path.getFileName().toString(), content);
        }
        configurations.putAll(routes);
        return configurations;
    }

    static boolean hasRouteConfiguration(String content) {
        return content != null && ROUTE_CONFIGURATION.matcher(content).find();
    }
}
