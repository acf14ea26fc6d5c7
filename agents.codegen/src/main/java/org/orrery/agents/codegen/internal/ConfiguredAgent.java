package org.orrery.agents.codegen.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.orrery.agent.Agent;
import org.orrery.platform.OrreryHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one configuration, registered as an {@link Agent} service with {@code agent.id},
 * {@code agent.type} and {@code agent.capabilities} only; {@link #close()} unregisters it and
 * stops its threads.
 */
final class ConfiguredAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredAgent.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ExecutorService analysisThreads;
    private final Optional<ChatClient> chat;
    private final ServiceRegistration<Agent> registration;

    /**
     * @throws IllegalArgumentException a value of the configuration is wrong (the message names it)
     */
    ConfiguredAgent(BundleContext context, CodegenComponent.Config config) {
        String id = config.agent__id().trim();
        if (!AGENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("agent_id: expected 1 to 64 letters, digits, '.', '_' or '-', found '" + id + "'");
        }
        Path root = config.root().isBlank() ? OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)).root()
                : Path.of(config.root().trim());
        SourceTree tree;
        try {
            tree = new SourceTree(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("root: expected an existing folder, found '" + root + "' ("
                    + e.getClass().getSimpleName() + ")");
        }
        Optional<ChatSettings> settings = chatSettings(config);
        int concurrency = Math.max(1, config.concurrency());
        AtomicInteger threads = new AtomicInteger();
        analysisThreads = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "codegen-" + id + "-analysis-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        chat = settings.map(s -> new ChatClient(s, Sleeper.SYSTEM, Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextDouble()));
        CodegenAgent agent = new CodegenAgent(id, concurrency, new CodeAnalysis(tree), analysisThreads, chat,
                new Prompts(tree, config.generation__system__prompt(), config.review__system__prompt()));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("agent.id", id);
        properties.put("agent.type", agent.type());
        properties.put("agent.capabilities", agent.capabilities().toArray(String[]::new));
        registration = context.registerService(Agent.class, agent, properties);
        LOG.info("Codegen agent '{}' offers {} on {} (language model: {})", id, agent.capabilities(), tree.root(),
                chat.map(c -> c.settings().toString()).orElse("none configured"));
    }

    private static Optional<ChatSettings> chatSettings(CodegenComponent.Config config) {
        String baseUrl = config.base__url().trim();
        if (baseUrl.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("base_url: expected an http or https URL, found '" + baseUrl + "'");
        }
        if (config.model().isBlank()) {
            LOG.warn("The codegen agent has base_url {} but no model: code_generation and code_review are not offered",
                    baseUrl);
            return Optional.empty();
        }
        return Optional.of(new ChatSettings(uri, config.model().trim(), config.api__key().trim(),
                Duration.ofSeconds(Math.max(1, config.request__timeout__s())), Math.max(0, config.retries()),
                Duration.ofMillis(Math.max(1, config.backoff__ms())), Duration.ofSeconds(Math.max(1, config.max__backoff__s())),
                Math.max(0, config.max__tokens()), config.temperature()));
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
        chat.ifPresent(ChatClient::close);
        analysisThreads.shutdownNow();
    }
}
