package org.orrery.runtime.launcher;

import ch.qos.logback.classic.BasicConfigurator;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until {@link Logging#configure} replaces it (and all a subcommand has):
 * what Logback would end with anyway on this class path, its {@link BasicConfigurator} (the
 * console), without first searching the class path for a serialized model, {@code logback-test.xml}
 * and {@code logback.xml} that the launcher's class path never holds. Found by Logback through
 * {@code META-INF/services}; with {@code -Dlogback.configurationFile} Logback's own search runs.
 */
public final class FirstLogging extends ContextAwareBase implements Configurator {

    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        BasicConfigurator basic = new BasicConfigurator();
        basic.setContext(context);
        basic.configure(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
