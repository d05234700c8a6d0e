package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.TagWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The simulator's OPC UA server: endpoint {@code opc.tcp://<bind>:<port>/lineledger}, security None, anonymous,
 * namespace {@value #NAMESPACE_URI} with one variable per tag.
 */
public final class PlcSimServer implements AutoCloseable {

    public static final String NAMESPACE_URI = "urn:lineledger:plc-sim";
    public static final String PATH = "/lineledger";
    private static final long TIMEOUT_SECONDS = 10;

    private final OpcUaServer server;
    private final LineNamespace namespace;
    private final String endpointUrl;

    private PlcSimServer(OpcUaServer server, LineNamespace namespace, String endpointUrl) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
    }

    /**
     * Starts a server.
     *
     * @param bindAddress   address to listen on, e.g. {@code 127.0.0.1}
     * @param port          TCP port; 0 picks a free one
     * @param pkiDir        this server's own PKI directory (trust list, rejected certificates)
     * @param initialValues every tag with its initial value; tags cannot be added later
     */
    public static PlcSimServer start(String bindAddress, int port, Path pkiDir, List<TagWrite> initialValues) {
        int boundPort = port == 0 ? freePort(bindAddress) : port;
        try {
            Path rejected = Files.createDirectories(pkiDir.resolve("rejected"));
            DefaultCertificateManager certificates =
                    new DefaultCertificateManager(new FileBasedCertificateQuarantine(rejected.toFile()));

            EndpointConfig endpoint = EndpointConfig.newBuilder()
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                    .setBindAddress(bindAddress)
                    .setBindPort(boundPort)
                    .setHostname(bindAddress)
                    .setPath(PATH)
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build();

            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri("urn:lineledger:plc-sim:" + boundPort)
                    .setApplicationName(LocalizedText.english("LineLedger PLC simulator"))
                    .setProductUri("urn:lineledger:plc-sim")
                    .setBuildInfo(new BuildInfo("urn:lineledger:plc-sim", "LineLedger", "LineLedger PLC simulator",
                            OpcUaServer.SDK_VERSION, "", DateTime.now()))
                    .setEndpoints(Set.of(endpoint))
                    .setCertificateManager(certificates)
                    .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                    .build();

            OpcUaServer server = new OpcUaServer(config,
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            LineNamespace namespace = new LineNamespace(server, NAMESPACE_URI, initialValues);
            namespace.startup();
            server.startup().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new PlcSimServer(server, namespace,
                    "opc.tcp://" + bindAddress + ":" + boundPort + PATH);
        } catch (IOException e) {
            throw new UncheckedIOException("plc-sim PKI directory " + pkiDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting plc-sim on port " + boundPort, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("plc-sim could not start on " + bindAddress + ":" + boundPort + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    /** Publishes the values, all with {@code sourceTime}, in order. */
    public void write(List<TagWrite> writes, Instant sourceTime) {
        namespace.write(writes, new DateTime(sourceTime));
    }

    /** Stops the server and frees its port. Milo's shared threads stay (other servers or clients may use them). */
    @Override
    public void close() {
        try {
            namespace.shutdown();
            server.shutdown().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("plc-sim did not stop cleanly: " + e, e);
        }
    }

    private static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bindAddress, e);
        }
    }
}
