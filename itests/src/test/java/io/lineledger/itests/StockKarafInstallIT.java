package io.lineledger.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The README's path on a plain Karaf 4.4.10, typed at the console as an integrator would: {@code feature:repo-add} and
 * {@code feature:install lineledger} with nothing configured. Every bundle must be Active (Karaf's view, DS components
 * included) and the status must say what is still to configure. Then the anchoring configuration names a keystore
 * that is not there yet (the status says so) and the keystore appears (anchoring reaches its node, no restart).
 * Last, every {@code .cfg} example of docs/integrator-guide.md is checked against its PID's metatype and loaded.
 * No LineLedger type is used here: nothing of it is installed when the probe starts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
// one container for the class, in this order: installed and unconfigured, then a keystore, then the guide's files
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class StockKarafInstallIT extends LineLedgerTestSupport {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** A fenced ```properties block of the guide whose first line names its file: "# etc/<file>.cfg". */
    private static final Pattern EXAMPLE = Pattern.compile("```properties\\n# etc/([^\\n]+)\\.cfg\\n(.*?)```",
            Pattern.DOTALL);
    /** Keys of a line file beyond the fixed ones of its metatype (docs/plant-configuration.md). */
    private static final List<String> LINE_KEY_PREFIXES = List.of("tag.", "batch.", "counter.", "characteristic.",
            "alarm.", "alarms.");

    @Inject
    protected SessionFactory sessionFactory;

    /** A stock Karaf: the repositories and ports only, none of LineLedger's configuration and no feature at boot. */
    @Override
    @Configuration
    public Option[] config() {
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz")
                            .version(System.getProperty("lineledger.karaf.version")))
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("org.ops4j.pax.url.mvn.localRepository")),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                    System.getProperty("org.ops4j.pax.url.mvn.repositories")),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                    port("lineledger.http.port")),
            systemProperty("pax.exam.service.timeout").value("60000"),
            systemProperty("lineledger.version").value(System.getProperty("lineledger.version")),
            systemProperty("lineledger.work.dir").value(System.getProperty("lineledger.work.dir")),
            systemProperty("lineledger.http.port").value(port("lineledger.http.port")),
            systemProperty("lineledger.anvil.port").value(port("lineledger.anvil.port")),
        };
    }

    @Test
    public void installingLikeTheReadmeLeavesEveryBundleActiveAndTheStatusSaysWhatToConfigure() throws Exception {
        String version = System.getProperty("lineledger.version");
        featureCommands();
        keep("repo-add.txt", admin(COMMAND_TIMEOUT).execute(
                "feature:repo-add mvn:io.lineledger/lineledger-features/" + version + "/xml/features"));
        keep("install.txt", admin(INSTALL_TIMEOUT).execute("feature:install lineledger"));

        // Karaf's view: a bundle whose DS components wait for a service is "Waiting", a failed one "Failure"
        Pattern notActive = Pattern.compile("\\b(Waiting|Failure|GracePeriod|Installed|Resolved)\\b");
        String bundles = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (bundles == null) {
            String list = admin(COMMAND_TIMEOUT).execute("bundle:list -t 0 --no-format");
            keep("bundles.txt", list);
            List<String> stuck = fragmentsRemoved(list).lines().filter(l -> notActive.matcher(l).find()).toList();
            if (notActive().isEmpty() && stuck.isEmpty()) {
                bundles = list;
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("bundles not Active after 2 minutes: " + notActive() + " " + stuck);
            } else {
                Thread.sleep(1000);
            }
        }
        assertTrue(bundles, bundles.contains("io.lineledger.ledger") || bundles.contains("LineLedger Ledger"));

        String status = await("lineledger:status saying what to configure", Duration.ofMinutes(1), () -> {
            String out = admin(COMMAND_TIMEOUT).execute("lineledger:status");
            return out.contains("waits for its configuration") ? out : null;
        });
        keep("status-unconfigured.txt", status);
        assertTrue(status, status.contains("LedgerComponent (io.lineledger.ledger) waits for its configuration: "
                + "create etc/io.lineledger.ledger.cfg"));
        assertTrue(status, status.contains("no line is configured: add etc/io.lineledger.line-<name>.cfg"));
        assertFalse(status, status.contains("anchoring not installed"));
        assertTrue(status, status.contains("chain node: anchoring not running: LedgerComponent"));

        Answer health = get("/lineledger/health");
        keep("health-unconfigured.json", health.body());
        assertEquals(health.body(), 503, health.status());
        assertTrue(health.body(), health.body().contains("waits for its configuration: create etc/io.lineledger.ledger.cfg"));
        assertTrue(health.body(), health.body().contains("no line is configured"));
    }

    @Test
    public void keystoreThatIsMissingIsSaidAndAnchoringStartsOnceItIsThereWithoutARestart() throws Exception {
        installed();
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Files.writeString(etc.resolve("io.lineledger.ledger.cfg"), String.join("\n",
                "rpcUrl = http://127.0.0.1:" + port("lineledger.anvil.port"),
                "keyStoreFile = lineledger/anchoring-key.json",
                "keyStorePasswordFile = lineledger/anchoring-key.password", ""), StandardCharsets.UTF_8);
        Path keyStore = etc.resolve("lineledger/anchoring-key.json");

        String missing = await("the status naming the missing keystore", Duration.ofMinutes(1), () -> {
            String out = admin(COMMAND_TIMEOUT).execute("lineledger:status");
            return out.contains("signing key: keystore " + keyStore + " does not exist") ? out : null;
        });
        keep("status-no-keystore.txt", missing);
        assertTrue(missing, missing.contains("ALARM   -            anchoring stopped: signing key: keystore " + keyStore
                + " does not exist"));
        assertTrue(missing, missing.contains("chain node: reachable, chain 31337"));
        Answer down = get("/lineledger/health");
        assertEquals(down.body(), 503, down.status());
        assertTrue(down.body(), down.body().contains("anchoring stopped: signing key: keystore "));

        Path fixtures = Path.of(System.getProperty("lineledger.work.dir")).resolveSibling("test-classes")
                .resolve("stock-karaf");
        Files.createDirectories(keyStore.getParent());
        Files.copy(fixtures.resolve("anchoring-key.password"), etc.resolve("lineledger/anchoring-key.password"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(fixtures.resolve("anchoring-key.json"), keyStore, StandardCopyOption.REPLACE_EXISTING);
        fundOnTheDevChain("0x" + new String(Files.readAllBytes(keyStore), StandardCharsets.UTF_8)
                .replaceAll("(?s).*\"address\"\\s*:\\s*\"([0-9a-fA-F]{40})\".*", "$1"));

        String working = await("anchoring connected with the keystore", Duration.ofMinutes(2), () -> {
            String out = admin(COMMAND_TIMEOUT).execute("lineledger:status");
            return out.contains("chain node: reachable") && !out.contains("signing key:") ? out : null;
        });
        keep("status-keystore.txt", working);

        // the auditors' verifier in the shell: its engine and web3j load in the container, its defaults are the ledger's
        Path proof = etc.resolve("no-such-proof.json");
        String verify = admin(COMMAND_TIMEOUT).execute("lineledger:verify " + proof);
        keep("verify-missing-file.txt", verify);
        assertTrue(verify, verify.contains("chain node: http://127.0.0.1:" + port("lineledger.anvil.port")));
        assertTrue(verify, verify.contains("COULD NOT CHECK") && verify.contains("no such file: " + proof));
        String help = admin(COMMAND_TIMEOUT).execute("lineledger:verify --help");
        assertTrue(help, help.contains("--network") && help.contains("--max-bytes"));
    }

    @Test
    public void theIntegratorGuidesExamplesAreDescribedByTheirMetatypeAndAccepted() throws Exception {
        installed();
        Path guide = Path.of(System.getProperty("lineledger.work.dir"), "..", "..", "..", "docs",
                "integrator-guide.md").normalize();
        Matcher examples = EXAMPLE.matcher(Files.readString(guide, StandardCharsets.UTF_8));
        Map<String, Properties> files = new LinkedHashMap<>();
        while (examples.find()) {
            Properties keys = new Properties();
            keys.load(new StringReader(examples.group(2)));
            files.put(examples.group(1), keys);
        }
        assertTrue(files.keySet().toString(), files.keySet().containsAll(List.of("io.lineledger.line-packing-3",
                "io.lineledger.opcua", "io.lineledger.routes", "io.lineledger.ledger", "io.lineledger.store",
                "io.lineledger.certificates", "org.ops4j.datasource-lineledger")));

        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Properties> file : files.entrySet()) {
            String pid = file.getKey().contains("-") ? file.getKey().substring(0, file.getKey().indexOf('-'))
                    : file.getKey();
            if (!pid.startsWith("io.lineledger.")) {
                continue; // pax-jdbc's own configuration: not ours to describe
            }
            Set<String> described = describedKeys(pid);
            if (pid.equals("io.lineledger.line")) {
                described.addAll(describedKeys("io.lineledger.opcua")); // a line may override the subscription's
            }
            for (String key : file.getValue().stringPropertyNames()) {
                boolean dynamic = key.endsWith(".target") || pid.equals("io.lineledger.line")
                        && LINE_KEY_PREFIXES.stream().anyMatch(key::startsWith);
                if (!dynamic && !described.contains(key)) {
                    unknown.add(file.getKey() + ": " + key);
                }
            }
        }
        assertEquals("keys of the guide's examples that no metatype describes", List.of(), unknown);

        // PostgreSQL needs its own feature: its two files are checked above, not loaded into this container
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Files.createDirectories(etc.resolve("lineledger"));
        Files.writeString(etc.resolve("lineledger/packing-3.password"), "example\n", StandardCharsets.UTF_8);
        for (Map.Entry<String, Properties> file : files.entrySet()) {
            if (!file.getKey().equals("io.lineledger.store") && !file.getKey().startsWith("org.ops4j.datasource")) {
                try (OutputStream out = Files.newOutputStream(etc.resolve(file.getKey() + ".cfg"))) {
                    file.getValue().store(out, "from docs/integrator-guide.md");
                }
            }
        }
        String status = await("the guide's configuration taken up", Duration.ofMinutes(2), () -> {
            String out = admin(COMMAND_TIMEOUT).execute("lineledger:status");
            return out.contains("\npacking-3\n") && out.contains("besu-1.plant.example") ? out : null;
        });
        keep("status-guide-examples.txt", status);
        assertFalse("a component refused a value of the guide:\n" + status, status.contains("did not start"));
    }

    /**
     * Every key the metatype of {@code pid} (a PID or factory PID of a LineLedger bundle) describes, as Karaf's
     * MetaTypeService (Felix metatype) reads it. Through reflection: this module compiles without the metatype API.
     */
    private Set<String> describedKeys(String pid) throws ReflectiveOperationException {
        ServiceReference<?> reference = bundleContext.getServiceReference("org.osgi.service.metatype.MetaTypeService");
        assertTrue("no MetaTypeService in the container", reference != null);
        Object metaTypes = bundleContext.getService(reference);
        try {
            ClassLoader api = metaTypes.getClass().getClassLoader();
            Class<?> service = Class.forName("org.osgi.service.metatype.MetaTypeService", false, api);
            Class<?> information = Class.forName("org.osgi.service.metatype.MetaTypeInformation", false, api);
            Class<?> definition = Class.forName("org.osgi.service.metatype.ObjectClassDefinition", false, api);
            Class<?> attribute = Class.forName("org.osgi.service.metatype.AttributeDefinition", false, api);
            for (Bundle bundle : bundleContext.getBundles()) {
                if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("io.lineledger.")) {
                    continue;
                }
                Object info = service.getMethod("getMetaTypeInformation", Bundle.class).invoke(metaTypes, bundle);
                if (info == null || !(List.of((String[]) information.getMethod("getPids").invoke(info)).contains(pid)
                        || List.of((String[]) information.getMethod("getFactoryPids").invoke(info)).contains(pid))) {
                    continue;
                }
                Object ocd = information.getMethod("getObjectClassDefinition", String.class, String.class)
                        .invoke(info, pid, null);
                Set<String> ids = new HashSet<>();
                for (Object ad : (Object[]) definition.getMethod("getAttributeDefinitions", int.class).invoke(ocd, -1)) {
                    String id = (String) attribute.getMethod("getID").invoke(ad);
                    String description = (String) attribute.getMethod("getDescription").invoke(ad);
                    assertFalse(pid + "." + id + " has no description", description == null || description.isBlank());
                    ids.add(id);
                }
                return ids;
            }
            throw new AssertionError("no LineLedger bundle describes the configuration " + pid + " in its metatype");
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    /** The first test installs; a test run on its own installs here. */
    private void installed() throws Exception {
        if (bundleContext.getBundles().length > 0 && java.util.Arrays.stream(bundleContext.getBundles())
                .anyMatch(b -> "io.lineledger.status".equals(b.getSymbolicName()))) {
            return;
        }
        featureCommands();
        admin(COMMAND_TIMEOUT).execute("feature:repo-add mvn:io.lineledger/lineledger-features/"
                + System.getProperty("lineledger.version") + "/xml/features");
        admin(INSTALL_TIMEOUT).execute("feature:install lineledger");
        await("LineLedger's commands", Duration.ofMinutes(1), () -> admin(COMMAND_TIMEOUT)
                .execute("lineledger:lines").isEmpty() ? null : Boolean.TRUE);
    }

    /** Karaf's own feature commands register a moment after the container reports it is up. */
    private void featureCommands() throws InterruptedException {
        await("Karaf's feature:* commands", Duration.ofMinutes(2),
                () -> admin(COMMAND_TIMEOUT).execute("feature:repo-list") != null ? Boolean.TRUE : null);
    }

    /** Bundles that are neither Active nor a fragment (which stays Resolved). */
    private List<String> notActive() {
        List<String> waiting = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                waiting.add(bundle.getSymbolicName() + " " + bundle.getState());
            }
        }
        return waiting;
    }

    /** bundle:list without the lines of fragments, which are Resolved by nature. */
    private String fragmentsRemoved(String list) {
        Set<String> fragmentIds = new HashSet<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                fragmentIds.add(Long.toString(bundle.getBundleId()));
            }
        }
        StringBuilder kept = new StringBuilder();
        list.lines().filter(line -> !fragmentIds.contains(line.strip().split("[\\s|│]+")[0]))
                .forEach(line -> kept.append(line).append('\n'));
        return kept.toString();
    }

    private KarafConsole admin(Duration timeout) {
        return new KarafConsole(sessionFactory, timeout);
    }

    /** anvil charges gas (a free-gas Besu network does not): the fixture's account gets a balance. */
    private static void fundOnTheDevChain(String account) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(rpcUrl()).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":[\"" + account
                    + "\",\"0x56BC75E2D63100000\"]}").getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = connection.getInputStream()) {
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(answer, answer.contains("\"error\""));
        }
    }

    private record Answer(int status, String body) { }

    private static Answer get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(httpBase() + path).openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            return new Answer(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        }
    }

    /** What the console printed, kept in target/work/stock-karaf for people to read. */
    private static void keep(String name, String text) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("lineledger.work.dir"), "stock-karaf"));
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
