package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.store.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import javax.servlet.DispatcherType;
import javax.servlet.MultipartConfigElement;
import org.eclipse.jetty.ee8.servlet.FilterHolder;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The certificates servlet and the sign-in filter in Jetty 12 (ee8, javax.servlet 4), registered as their DS
 * components register them on pax-web's whiteboard: the servlet's patterns and multipart settings from its generated
 * component descriptor, the filter on {@code /lineledger/*}. Passwords are checked by Karaf's JAAS login module.
 */
final class JettySite implements AutoCloseable {

    /**
     * Ports the sites listen on, one after the other from {@code -Dlineledger.test.http.port} (a range a test run was
     * given); without it each site takes a free port.
     */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
            new java.util.concurrent.atomic.AtomicInteger(Integer.getInteger("lineledger.test.http.port", 0));

    final Server server;
    final String base;
    final WebAccess access;

    /** @param maxFileSize the container's limit of one multipart part (the whiteboard property's value in Karaf) */
    JettySite(RecordStore store, Path dir, CertificatesConfig config, long maxFileSize) throws Exception {
        this(store, dir, config, maxFileSize, io.lineledger.verifier.ChainReader::connect);
    }

    /** @param nodes the chain node at the configured URL (tests: {@link io.lineledger.certificates.Anchors#CHAIN}) */
    JettySite(RecordStore store, Path dir, CertificatesConfig config, long maxFileSize,
              java.util.function.Function<String, io.lineledger.verifier.ChainReader> nodes) throws Exception {
        access = Realms.access(Realms.usersFile(dir), Clock.systemUTC());
        CertificatesServlet servlet = new CertificatesServlet(store, access, config, nodes);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.getRegistration().setMultipartConfig(new MultipartConfigElement(dir.toString(), maxFileSize,
                maxFileSize + 1024 * 1024, 1024 * 1024));
        for (String pattern : whiteboardPatterns()) {
            context.addServlet(holder, pattern);
        }
        context.addFilter(new FilterHolder(new AccessFilter(access)), "/lineledger/*",
                EnumSet.of(DispatcherType.REQUEST));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(nextPort(NEXT_PORT));
        server.addConnector(connector);
        server.setHandler(context.get());
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    /**
     * The next port of a range that is free now (another process's connection may hold one for a while); 0 when no
     * range was given: then the server takes any free port.
     */
    static int nextPort(java.util.concurrent.atomic.AtomicInteger range) {
        if (range.get() == 0) {
            return 0;
        }
        for (int tries = 0; tries < 100; tries++) {
            int port = range.getAndIncrement();
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use: the next one
            }
        }
        throw new IllegalStateException("no free port in the range up to " + range.get());
    }

    /** The servlet's patterns as its DS component registers them on the whiteboard (the generated descriptor). */
    static List<String> whiteboardPatterns() throws IOException {
        String xml = Files.readString(Path.of("target", "classes", "OSGI-INF",
                CertificatesServlet.class.getName() + ".xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "name=\"osgi.http.whiteboard.servlet.pattern\" type=\"String\">([^<]*)<").matcher(xml);
        assertTrue(m.find(), xml);
        return m.group(1).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
