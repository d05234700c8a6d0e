package io.lineledger.plcsim.server;

import io.lineledger.plcsim.model.LineLayout;
import io.lineledger.plcsim.model.TagWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The simulator's OPC UA server: endpoint {@code opc.tcp://<bind>:<port>/lineledger}, namespace
 * {@value #NAMESPACE_URI}, string node ids equal to the tag names. Security None with anonymous sessions always;
 * with users also Basic256Sha256 Sign and SignAndEncrypt with user name and password, the server certificate
 * generated into (and kept in) the PKI directory.
 */
public final class PlcSimServer implements AutoCloseable {

    public static final String NAMESPACE_URI = "urn:lineledger:plc-sim";
    public static final String PATH = "/lineledger";
    private static final long TIMEOUT_SECONDS = 10;
    /** Guards the server's own key store only: the directory's permissions protect the key. */
    private static final String KEY_STORE_PASSWORD = "plc-sim";

    private final OpcUaServer server;
    private final LineNamespace namespace;
    private final String endpointUrl;
    private final List<String> securityModes;

    private PlcSimServer(OpcUaServer server, LineNamespace namespace, String endpointUrl, List<String> securityModes) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
        this.securityModes = List.copyOf(securityModes);
    }

    /**
     * Starts a server of plain tags in folders (one folder per dotted prefix), security None, no methods; e.g. for
     * benchmarks with thousands of Double tags.
     *
     * @param bindAddress   address to listen on, e.g. {@code 127.0.0.1}
     * @param port          TCP port; 0 picks a free one
     * @param pkiDir        this server's own PKI directory (trust list, rejected certificates)
     * @param initialValues every tag with its initial value; tags cannot be added later
     */
    public static PlcSimServer start(String bindAddress, int port, Path pkiDir, List<TagWrite> initialValues) {
        return start(ServerOptions.insecure(bindAddress, port, pkiDir),
                (server, uri) -> new LineNamespace(server, uri, initialValues));
    }

    /**
     * Starts a server of lines and stations with methods.
     *
     * @param layouts       the lines
     * @param currentValues values to start with instead of the layouts' initial ones (after a restart); may be empty
     * @param control       carries out the methods
     */
    public static PlcSimServer start(ServerOptions options, List<LineLayout> layouts, List<TagWrite> currentValues,
                                     LineControl control) {
        return start(options, (server, uri) -> new LineNamespace(server, uri, layouts, currentValues, control));
    }

    private static PlcSimServer start(ServerOptions options, BiFunction<OpcUaServer, String, LineNamespace> namespaces) {
        String bindAddress = options.bindAddress();
        int boundPort = options.port() == 0 ? freePort(bindAddress) : options.port();
        Path pkiDir = options.pkiDir();
        try {
            Files.createDirectories(pkiDir);
            FileBasedCertificateQuarantine quarantine =
                    new FileBasedCertificateQuarantine(Files.createDirectories(pkiDir.resolve("rejected")).toFile());
            String applicationUri = "urn:lineledger:plc-sim:" + boundPort;
            CertificateManager certificates;
            X509Certificate certificate = null;
            if (options.secured()) {
                FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(pkiDir);
                CertificateValidator validator = options.trustAllClients()
                        ? new CertificateValidator.InsecureCertificateValidator()
                        : new DefaultServerCertificateValidator(trustList, quarantine);
                KeyStoreCertificateStore store = KeyStoreCertificateStore.createAndInitialize(
                        new KeyStoreCertificateStore.Settings(pkiDir.resolve("server.pfx"),
                                KEY_STORE_PASSWORD::toCharArray, alias -> KEY_STORE_PASSWORD.toCharArray()));
                String proposedUri = "urn:lineledger:plc-sim:" + UUID.randomUUID();
                DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList, store,
                        new RsaSha256CertificateFactory() {
                            @Override
                            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                                return new X509Certificate[] {new SelfSignedCertificateBuilder(keyPair)
                                        .setCommonName("LineLedger plc-sim")
                                        .setOrganization("LineLedger")
                                        .setApplicationUri(proposedUri)
                                        .addDnsName("localhost")
                                        .addIpAddress(bindAddress.matches("[0-9.]+") ? bindAddress : "127.0.0.1")
                                        .build()};
                            }
                        }, validator);
                certificate = group.getCertificateChain(NodeIds.RsaSha256ApplicationCertificateType)
                        .map(chain -> chain[0])
                        .orElseThrow(() -> new IllegalStateException("plc-sim has no server certificate in " + pkiDir));
                // a certificate kept from an earlier run names the application
                applicationUri = CertificateUtil.getSanUri(certificate).orElse(proposedUri);
                certificates = new DefaultCertificateManager(quarantine, group);
            } else {
                certificates = new DefaultCertificateManager(quarantine);
            }

            Set<EndpointConfig> endpoints = new LinkedHashSet<>();
            List<String> modes = new ArrayList<>();
            EndpointConfig.Builder base = EndpointConfig.newBuilder()
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                    .setBindAddress(bindAddress)
                    .setBindPort(boundPort)
                    .setHostname(bindAddress)
                    .setPath(PATH);
            if (certificate != null) {
                base.setCertificate(certificate);
            }
            endpoints.add(base.copy()
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build());
            modes.add("None (anonymous)");
            IdentityValidator identities = AnonymousIdentityValidator.INSTANCE;
            if (options.secured()) {
                List<UserTokenPolicy> tokens = new ArrayList<>(List.of(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME));
                if (options.anonymousOnSecure()) {
                    tokens.add(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
                }
                for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                    endpoints.add(base.copy()
                            .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                            .setSecurityMode(mode)
                            .addTokenPolicies(tokens.toArray(UserTokenPolicy[]::new))
                            .build());
                    modes.add("Basic256Sha256 " + mode + " (user name" + (options.anonymousOnSecure() ? ", anonymous" : "")
                            + ")");
                }
                identities = new CompositeValidator(AnonymousIdentityValidator.INSTANCE, new UsernameIdentityValidator(
                        challenge -> challenge.getPassword() != null
                                && challenge.getPassword().equals(options.users().get(challenge.getUsername()))));
            }

            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri(applicationUri)
                    .setApplicationName(LocalizedText.english("LineLedger PLC simulator"))
                    .setProductUri("urn:lineledger:plc-sim")
                    .setBuildInfo(new BuildInfo("urn:lineledger:plc-sim", "LineLedger", "LineLedger PLC simulator",
                            OpcUaServer.SDK_VERSION, "", DateTime.now()))
                    .setEndpoints(endpoints)
                    .setCertificateManager(certificates)
                    .setIdentityValidator(identities)
                    .build();

            OpcUaServer server = new OpcUaServer(config,
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            LineNamespace namespace = namespaces.apply(server, NAMESPACE_URI);
            namespace.startup();
            server.startup().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new PlcSimServer(server, namespace, "opc.tcp://" + bindAddress + ":" + boundPort + PATH, modes);
        } catch (IOException e) {
            throw new UncheckedIOException("plc-sim PKI directory " + pkiDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting plc-sim on port " + boundPort, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("plc-sim could not start on " + bindAddress + ":" + boundPort + ": "
                    + (e.getCause() != null ? e.getCause() : e), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("plc-sim could not set up its certificate in " + pkiDir + ": " + e, e);
        }
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    /** The security policies and modes offered, e.g. {@code None (anonymous)}. */
    public List<String> securityModes() {
        return securityModes;
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
