package org.orrery.runtime.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the Felix framework's own messages (passed as {@code felix.log.logger}) and writes
 * them to SLF4J instead of standard output.
 */
final class FrameworkLog extends org.apache.felix.framework.Logger {

    private static final Logger LOG = LoggerFactory.getLogger("org.apache.felix.framework");

    @Override
    @SuppressWarnings("rawtypes")
    protected void doLog(Bundle bundle, ServiceReference reference, int level, String message, Throwable error) {
        String text = bundle == null ? message : bundle.getSymbolicName() + ": " + message;
        switch (level) {
            case LOG_ERROR -> LOG.error(text, error);
            case LOG_WARNING -> LOG.warn(text, error);
            case LOG_INFO -> LOG.info(text, error);
            default -> LOG.debug(text, error);
        }
    }
}
