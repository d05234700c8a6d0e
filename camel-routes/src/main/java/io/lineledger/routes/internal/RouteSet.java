package io.lineledger.routes.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route files running in one line's Camel context, replaced file by file when they change: a file is parsed
 * first, and only a file that parses replaces the routes of its previous version (by route id); a file that fails
 * to parse or to start is refused with the file, line and reason, and the routes of its previous version run on.
 * A change of the file with the route configuration (error handling) re-creates every route, since a route takes
 * its configuration when it is made.
 */
public final class RouteSet {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSet.class);
    private static final Pattern LINE = Pattern.compile("line (\\d+)");
    private static final String SOURCE_SCHEME = "lineledger-opcua:";

    /** A route file that was refused. */
    public record Problem(String file, Integer line, String reason) {
        @Override
        public String toString() {
            return file + (line == null ? "" : ":" + line) + ": " + reason;
        }
    }

    /** What the rules do around a replacement. */
    public interface Guard {
        /** Runs the replacement of routes that do not read the line while no value is processed. */
        void exclusive(Runnable replacement);

        /** The routes reading the line are replaced: values are not read until they run again. */
        void notObserving(String why);
    }

    private final String lineId;
    private final CamelContext context;
    private final Guard guard;
    private final Map<String, String> running = new LinkedHashMap<>();
    private final Map<String, List<String>> routeIds = new LinkedHashMap<>();
    private final Map<String, Problem> problems = new TreeMap<>();
    /** The content each refused file had: the same content is not tried (and logged) again. */
    private final Map<String, String> refused = new LinkedHashMap<>();
    private String loading;

    public RouteSet(String lineId, CamelContext context, Guard guard) {
        this.lineId = lineId;
        this.context = context;
        this.guard = guard;
    }

    /** The files refused now, with their line and reason. */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems.values());
    }

    /**
     * Brings the context to {@code files} (name to content, route configuration first): each changed, new or removed
     * file is applied on its own. On the first call a refused file of the bundle's own name runs the bundle's version.
     */
    public synchronized List<Problem> apply(Map<String, String> given, Map<String, String> fallback) {
        boolean first = running.isEmpty();
        Map<String, String> files = new LinkedHashMap<>();
        List<String> keptConfigurations = new ArrayList<>();
        running.forEach((name, content) -> {
            if (!given.containsKey(name) && RouteFiles.hasRouteConfiguration(content)) {
                // without it no value would reach the dead letters: the running error handling stays
                files.put(name, content);
                keptConfigurations.add(name);
            }
        });
        files.putAll(given);
        Set<String> names = new LinkedHashSet<>(files.keySet());
        names.addAll(running.keySet());
        boolean configurationChanged = names.stream().anyMatch(name -> !Objects.equals(
                files.get(name) == null ? null : withoutComments(files.get(name)),
                running.get(name) == null ? null : withoutComments(running.get(name)))
                && !(files.get(name) != null && files.get(name).equals(refused.get(name)))
                && (RouteFiles.hasRouteConfiguration(files.get(name))
                || RouteFiles.hasRouteConfiguration(running.get(name))));
        problems.keySet().removeIf(name -> !files.containsKey(name));
        refused.keySet().removeIf(name -> !files.containsKey(name));
        if (configurationChanged && !first) {
            replaceAll(files);
        } else {
            applyEach(names, files, fallback, first);
        }
        for (String name : keptConfigurations) {
            LOG.error("Rules of line {}: route file {} was removed; its route configuration (error handling) keeps"
                    + " running", lineId, name);
            problems.put(name, new Problem(name, null, "removed; its route configuration (error handling) keeps"
                    + " running: a route configuration cannot be removed"));
        }
        return problems();
    }

    private void applyEach(Set<String> names, Map<String, String> files, Map<String, String> fallback,
                           boolean first) {
        for (String name : readersLast(names, files)) {
            String content = files.get(name);
            if (Objects.equals(content, running.get(name)) || content != null && content.equals(refused.get(name))) {
                if (Objects.equals(content, running.get(name)) && problems.remove(name) != null) {
                    refused.remove(name); // the running version is back
                }
                continue;
            }
            Problem problem = replace(name, content);
            if (problem != null && first && fallback.containsKey(name) && !fallback.get(name).equals(content)
                    && replace(name, fallback.get(name)) == null) {
                LOG.error("Rules of line {}: running the bundle's own {} instead", lineId, name);
                problems.put(name, problem); // still the integrator's file to fix
                refused.put(name, content);
            }
        }
    }

    /** Replaces the routes of one file; the file's problem, or null when its new version runs. */
    private Problem replace(String name, String content) {
        List<String> oldIds = routeIds.getOrDefault(name, List.of());
        if (content != null && running.containsKey(name) && withoutComments(content).equals(
                withoutComments(running.get(name)))) {
            // only comments or blank lines changed: the routes stay (replacing the line's reader would cost a gap)
            running.put(name, content);
            problems.remove(name);
            refused.remove(name);
            return null;
        }
        List<String> newIds;
        boolean readsLine;
        boolean replacesReader = oldIds.stream().anyMatch(this::readsLine);
        try {
            Parsed parsed = content == null ? new Parsed(List.of(), false) : parse(name, content);
            newIds = parsed.routeIds();
            Set<String> taken = new HashSet<>();
            routeIds.forEach((file, ids) -> {
                if (!file.equals(name)) {
                    taken.addAll(ids);
                }
            });
            for (String id : newIds) {
                if (!taken.add(id)) {
                    throw new IllegalArgumentException("route id '" + id + "' is used by another route file");
                }
            }
            readsLine = parsed.readsLine() || replacesReader;
        } catch (Exception e) {
            return refuse(name, content, e);
        }
        Exception[] failure = new Exception[1];
        Runnable swap = () -> {
            try {
                removeRoutes(oldIds);
                if (content != null) {
                    load(name, content);
                }
            } catch (Exception e) {
                failure[0] = e;
                try {
                    removeRoutes(newIds);
                    if (running.containsKey(name)) {
                        load(name, running.get(name));
                    }
                } catch (Exception again) {
                    e.addSuppressed(again);
                }
            }
        };
        if (readsLine) {
            // not under the exclusive lock: stopping the consumer closes the source's subscription, whose thread
            // may be waiting for that lock
            if (replacesReader) {
                guard.notObserving("the route file " + name + " that reads the line was replaced");
            }
            swap.run();
        } else {
            guard.exclusive(swap);
        }
        if (failure[0] != null) {
            return refuse(name, content, failure[0]);
        }
        if (content == null) {
            running.remove(name);
            routeIds.remove(name);
        } else {
            running.put(name, content);
            routeIds.put(name, newIds);
        }
        problems.remove(name);
        refused.remove(name);
        LOG.info("Rules of line {}: route file {} {}", lineId, name, content == null ? "removed" : "loaded");
        return null;
    }

    /**
     * The error handling changed: every route is made again; a file that does not parse keeps its running version,
     * and when making the routes fails the previous set is made again.
     */
    private void replaceAll(Map<String, String> files) {
        Map<String, String> effective = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (file.getValue().equals(refused.get(file.getKey()))) {
                if (running.containsKey(file.getKey())) {
                    effective.put(file.getKey(), running.get(file.getKey()));
                }
                continue;
            }
            try {
                parse(file.getKey(), file.getValue());
                effective.put(file.getKey(), file.getValue());
            } catch (Exception e) {
                refuse(file.getKey(), file.getValue(), e);
                if (running.containsKey(file.getKey())) {
                    effective.put(file.getKey(), running.get(file.getKey()));
                }
            }
        }
        if (effective.equals(running)) {
            return;
        }
        Map<String, String> previous = new LinkedHashMap<>(running);
        guard.notObserving("the route configuration was replaced: every route was made again");
        try {
            clear();
            loadAll(effective);
            effective.forEach((name, content) -> {
                if (content.equals(files.get(name))) {
                    problems.remove(name);
                    refused.remove(name);
                }
            });
            LOG.info("Rules of line {}: route files {} loaded", lineId, effective.keySet());
        } catch (Exception e) {
            String culprit = loading;
            try {
                clear();
                loadAll(previous);
            } catch (Exception again) {
                e.addSuppressed(again);
            }
            refuse(culprit, files.get(culprit), e);
        }
    }

    private void clear() throws Exception {
        for (List<String> ids : routeIds.values()) {
            removeRoutes(ids);
        }
        routeIds.clear();
        running.clear();
        if (context instanceof ModelCamelContext model) {
            for (RouteConfigurationDefinition configuration
                    : new ArrayList<>(model.getRouteConfigurationDefinitions())) {
                model.removeRouteConfiguration(configuration);
            }
        }
    }

    private void loadAll(Map<String, String> files) throws Exception {
        for (String name : readersLast(files.keySet(), files)) {
            List<String> ids = parse(name, files.get(name)).routeIds();
            loading = name;
            running.put(name, files.get(name));
            routeIds.put(name, ids);
            load(name, files.get(name));
        }
    }

    /**
     * The files in order, those that read the line last: the source hands a new consumer the line's current values
     * at once, and a value sent to a {@code direct:} route that is not there yet blocks the line for 30 s and then
     * fails (seen after a restart: quality-check.yaml loaded after production-events.yaml).
     */
    private static List<String> readersLast(Collection<String> names, Map<String, String> files) {
        List<String> ordered = new ArrayList<>(names);
        ordered.sort(java.util.Comparator.comparing(name -> files.get(name) != null
                && files.get(name).contains(SOURCE_SCHEME)));
        return ordered;
    }

    private Problem refuse(String name, String content, Exception e) {
        Problem problem = new Problem(name, lineOf(e), reasonOf(e));
        problems.put(name, problem);
        if (content != null) {
            refused.put(name, content);
        }
        LOG.error("Rules of line {}: route file {} refused, {}: {}", lineId, problem.toString().split(": ")[0],
                running.containsKey(name) ? "its previous version keeps running" : "it does not run",
                problem.reason(), e);
        return problem;
    }

    private record Parsed(List<String> routeIds, boolean readsLine) {
    }

    /** Parses a file without changing the context: its route ids, and whether a route reads the line. */
    private Parsed parse(String name, String content) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(List.of(resource(name, content)));
        List<String> ids = new ArrayList<>();
        boolean readsLine = false;
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationBuilder configurations) {
                configurations.setCamelContext(context);
                configurations.getRouteConfigurationCollection().setCamelContext(context);
                configurations.configuration();
            }
            if (builder instanceof RouteBuilder routes) {
                for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
                    if (route.getRouteId() == null || route.getRouteId().isBlank()) {
                        throw new IllegalArgumentException("route from '" + route.getInput().getEndpointUri()
                                + "' has no id: every route of a route file needs one");
                    }
                    ids.add(route.getRouteId());
                    readsLine |= route.getInput() != null && route.getInput().getEndpointUri() != null
                            && route.getInput().getEndpointUri().startsWith(SOURCE_SCHEME);
                }
            }
        }
        return new Parsed(ids, readsLine);
    }

    private void load(String name, String content) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(resource(name, content));
    }

    private void removeRoutes(List<String> ids) throws Exception {
        for (String id : ids) {
            if (context instanceof ModelCamelContext model && model.getRouteDefinition(id) != null) {
                model.removeRouteDefinition(model.getRouteDefinition(id));
            } else if (context.getRoute(id) != null) {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            }
        }
    }

    private boolean readsLine(String routeId) {
        return context.getRoute(routeId) != null
                && context.getRoute(routeId).getEndpoint().getEndpointUri().startsWith(SOURCE_SCHEME);
    }

    /** The file without comment lines and trailing blanks, to tell an edit of the routes from one of comments. */
    static String withoutComments(String content) {
        StringBuilder routes = new StringBuilder();
        content.lines().map(String::stripTrailing).filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .forEach(l -> routes.append(l).append('\n'));
        return routes.toString();
    }

    private static Resource resource(String name, String content) {
        return ResourceHelper.fromString(name, content);
    }

    /** The line the YAML parser names in the first message of the cause chain that names one. */
    private static Integer lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = LINE.matcher(t.getMessage());
                if (m.find()) {
                    return Integer.valueOf(m.group(1));
                }
            }
        }
        return null;
    }

    private static String reasonOf(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (deepest != e && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
            message += ": " + deepest.getMessage();
        }
        // the YAML parser's messages quote the file with a marker: keep the first line for logs and status
        return message.lines().findFirst().orElse(message).trim();
    }
}
