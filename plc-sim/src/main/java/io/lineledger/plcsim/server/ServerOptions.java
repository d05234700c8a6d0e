package io.lineledger.plcsim.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How the OPC UA server listens and whom it lets in.
 *
 * @param bindAddress       address to listen on, e.g. {@code 127.0.0.1}
 * @param port              TCP port; 0 picks a free one
 * @param pkiDir            this server's own PKI directory: its certificate (server.pfx), trusted/, issuers/,
 *                          rejected/ (client certificates land there; move one to trusted/certs to accept it)
 * @param users             user name → password; when not empty the server also offers Basic256Sha256 Sign and
 *                          SignAndEncrypt endpoints, on which these users log in
 * @param trustAllClients   accept any client certificate on the secured endpoints (tests); otherwise only those in
 *                          trusted/
 * @param anonymousOnSecure allow anonymous sessions on the secured endpoints too
 */
public record ServerOptions(String bindAddress, int port, Path pkiDir, Map<String, String> users,
                            boolean trustAllClients, boolean anonymousOnSecure) {

    public ServerOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(pkiDir, "pkiDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        users = Map.copyOf(users);
    }

    /** Security None, anonymous only: the demo's server. */
    public static ServerOptions insecure(String bindAddress, int port, Path pkiDir) {
        return new ServerOptions(bindAddress, port, pkiDir, Map.of(), false, false);
    }

    public boolean secured() {
        return !users.isEmpty();
    }

    public ServerOptions withPort(int value) {
        return new ServerOptions(bindAddress, value, pkiDir, users, trustAllClients, anonymousOnSecure);
    }
}
