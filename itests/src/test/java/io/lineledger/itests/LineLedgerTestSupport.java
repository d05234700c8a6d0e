package io.lineledger.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Configures a stock Karaf 4.4.10 once for every test class (as Apache Karaf's own itests do): Maven
 * repositories, ports, and LineLedger's configuration pointing at the plc-sim and chain node the build starts
 * (see this module's pom). A test class chooses the features installed at boot ({@code lineledger} unless it
 * says otherwise) and may add options.
 */
public abstract class LineLedgerTestSupport {

    /** anvil's well-known development account #0: a public test key, never a real one. */
    static final String DEV_CHAIN_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String LINE_ID = "line-1";
    /** The configuration file of {@link #LINE_ID}: factory configuration io.lineledger.line~line-1. */
    static final String LINE_FILE = "etc/io.lineledger.line-line-1.cfg";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    /** The features installed at boot (before the probe loads, so that its imports of our API resolve). */
    protected String[] bootFeatures() {
        return new String[] {"lineledger"};
    }

    /** More options for one test class, applied after (and so overriding) the common ones. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    @Configuration
    public Option[] config() {
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        String repositories = System.getProperty("org.ops4j.pax.url.mvn.repositories");
        String version = System.getProperty("lineledger.version");
        String karafVersion = System.getProperty("lineledger.karaf.version");
        Option[] common = {
            karafDistributionConfiguration()
                    .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").version(karafVersion))
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", repositories),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port("lineledger.http.port")),
            // every page and API needs a signed-in account (docs/certificates.md): the tests read them as an integrator
            editConfigurationFilePut("etc/users.properties", HTTP_USER, HTTP_PASSWORD + ",integrator"),
            // our configuration, as an integrator would write etc/*.cfg: one file per line
            lineConfiguration(LINE_FILE, line1("opc.tcp://127.0.0.1:" + port("lineledger.opcua.port") + "/lineledger")),
            editConfigurationFilePut("etc/io.lineledger.ledger.cfg", "rpcUrl", rpcUrl()),
            editConfigurationFilePut("etc/io.lineledger.ledger.cfg", "privateKey", DEV_CHAIN_KEY),
            editConfigurationFilePut("etc/io.lineledger.ledger.cfg", "maxRecords", "10"),
            editConfigurationFilePut("etc/io.lineledger.ledger.cfg", "maxMillis", "1500"),
            // certificates say "anchored" only once compared with the chain: the node anchoring uses
            editConfigurationFilePut("etc/io.lineledger.certificates.cfg", "verifyRpcUrl", rpcUrl()),
            features(maven("io.lineledger", "lineledger-features").type("xml").classifier("features").version(version),
                    bootFeatures()),
            // the probe waits for Pax Exam's own services; 10 s (the default) is too short on a loaded 2-core machine
            systemProperty("pax.exam.service.timeout").value("60000"),
            // the test probe reads the tools' locations and ports from these
            systemProperty("lineledger.tools.dir").value(System.getProperty("lineledger.tools.dir")),
            systemProperty("lineledger.work.dir").value(System.getProperty("lineledger.work.dir")),
            systemProperty("lineledger.http.port").value(port("lineledger.http.port")),
            systemProperty("lineledger.anvil.port").value(port("lineledger.anvil.port")),
        };
        Option[] extra = extraOptions();
        Option[] all = java.util.Arrays.copyOf(common, common.length + extra.length);
        System.arraycopy(extra, 0, all, common.length, extra.length);
        return all;
    }

    /** plc-sim's Line1 as the shipped example configures it (state strings, the PLC's part count, fill weight). */
    static Map<String, String> line1(String endpointUrl) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("lineId", LINE_ID);
        line.put("endpointUrl", endpointUrl);
        for (String tag : List.of("batchId=BatchId", "product=Product", "batchState=BatchState",
                "partCount=PartCount", "checkweigher.fillWeight=Checkweigher.FillWeight")) {
            String[] nameAndNode = tag.split("=");
            line.put("tag." + nameAndNode[0] + ".node", "nsu=urn:lineledger:plc-sim;s=Line1." + nameAndNode[1]);
        }
        line.put("batch.idTag", "batchId");
        line.put("batch.productTag", "product");
        line.put("batch.stateTag", "batchState");
        line.put("counter.totalTag", "partCount");
        line.put("characteristic.fillWeight.tag", "checkweigher.fillWeight");
        line.put("characteristic.fillWeight.station", "Checkweigher");
        line.put("characteristic.fillWeight.unit", "g");
        line.put("characteristic.fillWeight.lsl", "495.0");
        line.put("characteristic.fillWeight.usl", "505.0");
        return line;
    }

    /** The line the second, secured plc-sim serves: Basic256Sha256 SignAndEncrypt, user operator, password file. */
    static final String SECURED_LINE_ID = "line-secured";

    /**
     * plc-sim's Line1 on the secured plc-sim the build starts, as {@link #SECURED_LINE_ID}: its line file and its
     * password file (written by the test driver under {@code passwordFileName} in target/work, then copied into the
     * container's etc/ by Pax Exam).
     */
    static Option securedLine(String passwordFileName) {
        Map<String, String> secured = line1("opc.tcp://127.0.0.1:" + port("lineledger.opcua.secure.port") + "/lineledger");
        secured.put("lineId", SECURED_LINE_ID);
        secured.put("securityPolicy", "Basic256Sha256");
        secured.put("securityMode", "SignAndEncrypt");
        secured.put("userName", "operator");
        secured.put("passwordFile", "lineledger/line-secured.password");
        File password;
        try {
            Path file = Path.of("target", "work", passwordFileName);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "itest-secret\n", StandardCharsets.UTF_8);
            password = file.toFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return composite(lineConfiguration("etc/io.lineledger.line-line-secured.cfg", secured),
                replaceConfigurationFile("etc/lineledger/line-secured.password", password));
    }

    /** A line's configuration file, key by key, as an integrator writes it into etc/. */
    static Option lineConfiguration(String file, Map<String, String> keys) {
        return composite(keys.entrySet().stream()
                .map(e -> editConfigurationFilePut(file, e.getKey(), e.getValue()))
                .toArray(Option[]::new));
    }

    static String port(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    static String rpcUrl() {
        return "http://127.0.0.1:" + port("lineledger.anvil.port");
    }

    static String httpBase() {
        return "http://127.0.0.1:" + port("lineledger.http.port");
    }

    static final String HTTP_USER = "itest";
    static final String HTTP_PASSWORD = "itest-password";

    /** The Authorization header of the tests' integrator account (HTTP Basic). */
    static String httpAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (HTTP_USER + ":" + HTTP_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected void assertInstalled(String feature) throws Exception {
        if (!featuresService.isInstalled(featuresService.getFeature(feature))) {
            throw new AssertionError("feature " + feature + " is not installed");
        }
    }

    protected <T> T service(Class<T> type, Duration timeout) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        T service = tracker.waitForService(timeout.toMillis());
        if (service == null) {
            throw new AssertionError("no " + type.getName() + " service within " + timeout);
        }
        return service;
    }

    /** Polls until {@code condition} gives a non-null value; fails with {@code what} on timeout. */
    protected static <T> T await(String what, Duration timeout, Supplier<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = condition.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + what);
        if (last != null) {
            error.initCause(last);
        }
        throw error;
    }
}
