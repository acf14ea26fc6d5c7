package org.orrery.log.bridge.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies what bundles write to the OSGi Log Service (Declarative Services, File Install, the
 * Web Console, framework events) into SLF4J, so it reaches Orrery's console and log file. The
 * Log Service keeps its own recent entries for the Web Console's log page.
 */
@Component(immediate = true)
public final class LogToSlf4j implements LogListener {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReader(LogReaderService reader) {
        reader.addLogListener(this);
    }

    void removeReader(LogReaderService reader) {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Logger logger = LoggerFactory.getLogger(loggerName(entry));
        String message = message(entry);
        Throwable error = entry.getException();
        LogLevel level = entry.getLogLevel();
        if (level == LogLevel.INFO && isFrameworkEvent(entry)) {
            level = LogLevel.DEBUG; // one line per bundle and service event is noise at info
        }
        switch (level) {
            case AUDIT, ERROR -> logger.error(message, error);
            case WARN -> logger.warn(message, error);
            case INFO -> logger.info(message, error);
            case DEBUG -> logger.debug(message, error);
            default -> logger.trace(message, error);
        }
    }

    /** The entry's logger name, or the bundle's symbolic name for entries logged without one. */
    static String loggerName(LogEntry entry) {
        String name = entry.getLoggerName();
        if (name != null && !name.isEmpty() && !"LogService".equals(name) && !name.startsWith("Events.")) {
            return name;
        }
        return entry.getBundle() == null || entry.getBundle().getSymbolicName() == null
                ? "osgi" : entry.getBundle().getSymbolicName();
    }

    static boolean isFrameworkEvent(LogEntry entry) {
        return entry.getLoggerName() != null && entry.getLoggerName().startsWith("Events.");
    }

    static String message(LogEntry entry) {
        String message = entry.getMessage();
        if (entry.getServiceReference() != null) {
            message = message + " [service " + entry.getServiceReference().getProperty("service.id") + "]";
        }
        return message;
    }
}
