package org.orrery.agents.codegen.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codegen agent's component. Its configuration (PID {@value #PID}, optional: without one it
 * runs with the defaults and offers code_analysis only) arrives through a {@link ManagedService},
 * not through DS: DS would make the API key a component property, which the Web Console's
 * "Declarative Services Components" status prints in clear. Each configuration replaces the
 * {@link ConfiguredAgent} (so the agent is registered again with its new capabilities).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, immediate = true, service = {})
public final class CodegenComponent {

    static final String PID = "org.orrery.agents.codegen";

    private static final Logger LOG = LoggerFactory.getLogger(CodegenComponent.class);

    @ObjectClassDefinition(pid = PID, name = "Orrery codegen agent",
            description = "A local agent for code tasks: code_analysis of a source tree under the root, and, with a"
                    + " language model configured (base_url and model), code_generation and code_review through its"
                    + " OpenAI-compatible chat-completions API.")
    public @interface Config {
        @AttributeDefinition(name = "Agent id", description = "The agent's id; letters,"
                + " digits, '.', '_' and '-', at most 64.")
        String agent__id() default "codegen";

        @AttributeDefinition(name = "Concurrency", min = "1", description = "How many tasks it runs at once.")
        int concurrency() default 2;

        @AttributeDefinition(name = "Root folder", required = false, description = "The folder that code_analysis paths"
                + " and review files resolve against and may not leave; empty: the Orrery home.")
        String root() default "";

        @AttributeDefinition(name = "Language model base URL", required = false, description = "Base URL of an"
                + " OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (Ollama) or http://localhost:8080/v1"
                + " (llama.cpp); requests go to {base_url}/chat/completions. Empty: code_generation and"
                + " code_review are not offered.")
        String base__url() default "";

        @AttributeDefinition(name = "Model", required = false, description = "The model to ask.")
        String model() default "";

        @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
                description = "Sent as Authorization: Bearer; empty for none. Never logged or shown.")
        String api__key() default "";

        @AttributeDefinition(name = "Request timeout (s)", min = "1",
                description = "Time for one answer of the model.")
        int request__timeout__s() default 300;

        @AttributeDefinition(name = "Retries", min = "0",
                description = "Tries again after a 429, a 5xx or a failed connection.")
        int retries() default 3;

        @AttributeDefinition(name = "First backoff (ms)", min = "1",
                description = "Wait before the first retry, doubled each time, with jitter.")
        int backoff__ms() default 1000;

        @AttributeDefinition(name = "Longest backoff (s)", min = "1", description = "The longest wait before a retry;"
                + " a Retry-After longer than this fails the attempt.")
        int max__backoff__s() default 60;

        @AttributeDefinition(name = "Max tokens", min = "0",
                description = "max_tokens of each request; 0: not sent, the model's own limit.")
        int max__tokens() default 2048;

        @AttributeDefinition(name = "Temperature", min = "0", max = "2", description = "Sampling temperature.")
        double temperature() default 0.2;

        @AttributeDefinition(name = "Generation system prompt", required = false,
                description = "System prompt of code_generation; empty: the built-in one.")
        String generation__system__prompt() default "";

        @AttributeDefinition(name = "Review system prompt", required = false,
                description = "System prompt of code_review; empty: the built-in one.")
        String review__system__prompt() default "";
    }

    private final BundleContext context;
    private final ServiceRegistration<ManagedService> configuration;
    private ConfiguredAgent agent; // guarded by this
    private boolean closed; // guarded by this

    @Activate
    public CodegenComponent(BundleContext context) {
        this.context = context;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, PID);
        configuration = context.registerService(ManagedService.class, this::configure, properties);
    }

    /** Config Admin's call (null: no configuration, the defaults): replaces the agent. */
    private synchronized void configure(Dictionary<String, ?> properties) {
        if (closed) {
            return;
        }
        if (agent != null) {
            agent.close();
            agent = null;
        }
        try {
            agent = new ConfiguredAgent(context, ConfigValues.of(Config.class, properties));
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.error("The codegen agent is not started: its configuration {} is wrong: {}", PID, e.getMessage());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        configuration.unregister();
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }
}
