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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codegen agent's component (PID {@value #PID}, optional: without a configuration it runs
 * with the defaults and offers code_analysis only). It registers the {@link Agent} service itself,
 * with {@code agent.id}, {@code agent.type} and {@code agent.capabilities} only, so that the API key
 * never becomes a service property. A changed configuration re-creates it (and so re-registers
 * the agent with its new capabilities).
 */
@Component(configurationPid = CodegenComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = {})
@Designate(ocd = CodegenComponent.Config.class)
public final class CodegenComponent {

    static final String PID = "org.orrery.agents.codegen";

    private static final Logger LOG = LoggerFactory.getLogger(CodegenComponent.class);
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ObjectClassDefinition(name = "Orrery codegen agent",
            description = "A local agent for code tasks: code_analysis of a source tree under the root, and, with a"
                    + " language model configured (base_url and model), code_generation and code_review through its"
                    + " OpenAI-compatible chat-completions API.")
    public @interface Config {
        @AttributeDefinition(name = "Agent id", description = "The agent's id (agent_id); letters,"
                + " digits, '.', '_' and '-', at most 64.")
        String agent__id() default "codegen";

        @AttributeDefinition(name = "Concurrency", min = "1", description = "How many tasks it runs at once (concurrency).")
        int concurrency() default 2;

        @AttributeDefinition(name = "Root folder", required = false, description = "The folder that code_analysis paths"
                + " and review files resolve against and may not leave (root); empty: the Orrery home.")
        String root() default "";

        @AttributeDefinition(name = "Language model base URL", required = false, description = "Base URL of an"
                + " OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (Ollama) or http://localhost:8080/v1"
                + " (llama.cpp); requests go to {base_url}/chat/completions (base_url). Empty: code_generation and"
                + " code_review are not offered.")
        String base__url() default "";

        @AttributeDefinition(name = "Model", required = false, description = "The model to ask (model).")
        String model() default "";

        @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
                description = "Sent as Authorization: Bearer (api_key); empty for none. Never logged or shown.")
        String api__key() default "";

        @AttributeDefinition(name = "Request timeout (s)", min = "1",
                description = "Time for one answer of the model (request_timeout_s).")
        int request__timeout__s() default 300;

        @AttributeDefinition(name = "Retries", min = "0",
                description = "Tries again after a 429, a 5xx or a failed connection (retries).")
        int retries() default 3;

        @AttributeDefinition(name = "First backoff (ms)", min = "1",
                description = "Wait before the first retry, doubled each time, with jitter (backoff_ms).")
        int backoff__ms() default 1000;

        @AttributeDefinition(name = "Longest backoff (s)", min = "1", description = "The longest wait before a retry;"
                + " a Retry-After longer than this fails the attempt (max_backoff_s).")
        int max__backoff__s() default 60;

        @AttributeDefinition(name = "Max tokens", min = "0",
                description = "max_tokens of each request; 0: not sent, the model's own limit (max_tokens).")
        int max__tokens() default 2048;

        @AttributeDefinition(name = "Temperature", min = "0", max = "2", description = "Sampling temperature (temperature).")
        double temperature() default 0.2;

        @AttributeDefinition(name = "Generation system prompt", required = false,
                description = "System prompt of code_generation; empty: the built-in one (generation_system_prompt).")
        String generation__system__prompt() default "";

        @AttributeDefinition(name = "Review system prompt", required = false,
                description = "System prompt of code_review; empty: the built-in one (review_system_prompt).")
        String review__system__prompt() default "";
    }

    private final ExecutorService analysisThreads;
    private final Optional<ChatClient> chat;
    private final ServiceRegistration<Agent> registration;

    @Activate
    public CodegenComponent(BundleContext context, Config config) throws IOException {
        String id = config.agent__id().trim();
        if (!AGENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("agent_id: expected 1 to 64 letters, digits, '.', '_' or '-', found '" + id + "'");
        }
        Path root = config.root().isBlank() ? OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY)).root()
                : Path.of(config.root().trim());
        SourceTree tree = new SourceTree(root);
        int concurrency = Math.max(1, config.concurrency());
        AtomicInteger threads = new AtomicInteger();
        analysisThreads = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "codegen-" + id + "-analysis-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        chat = chatSettings(config).map(s -> new ChatClient(s, Sleeper.SYSTEM, Clock.systemUTC(),
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

    private static Optional<ChatSettings> chatSettings(Config config) {
        String baseUrl = config.base__url().trim();
        if (baseUrl.isEmpty()) {
            return Optional.empty();
        }
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("base_url: expected an http or https URL, found '" + baseUrl + "'");
        }
        if (config.model().isBlank()) {
            LOG.warn("The codegen agent has base_url {} but no model: code_generation and code_review are not offered",
                    baseUrl);
            return Optional.empty();
        }
        return Optional.of(new ChatSettings(uri, config.model().trim(), config.api__key().trim(),
                Duration.ofSeconds(config.request__timeout__s()), Math.max(0, config.retries()),
                Duration.ofMillis(config.backoff__ms()), Duration.ofSeconds(config.max__backoff__s()),
                Math.max(0, config.max__tokens()), config.temperature()));
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
        chat.ifPresent(ChatClient::close);
        analysisThreads.shutdownNow();
    }
}
