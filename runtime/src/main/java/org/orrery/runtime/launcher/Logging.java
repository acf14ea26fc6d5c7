package org.orrery.runtime.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * Logging for the whole runtime: SLF4J 2 with Logback, on the launcher's class path and
 * exported to bundles as system packages. By default one line per event goes to the console
 * and to {@code logs/orrery.log}, rolled daily and at 10 MB, kept 14 days; the log files are
 * readable by their owner only. A
 * {@code etc/logback.xml} replaces that configuration entirely.
 */
final class Logging {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final String LOG_FILE = "orrery.log";
    static final String AUDIT_FILE = "audit.log";
    static final String AUDIT_LOGGER = "org.orrery.audit";

    private Logging() {
    }

    /**
     * Configures Logback.
     *
     * @return a problem to report once logging works, or null
     */
    static String configure(Path etc, Path logs, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        // java.util.logging (SPI Fly, File Install before the Log Service) goes to SLF4J too
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        context.putProperty("ORRERY_LOGS", logs.toString());
        Path custom = etc.resolve("logback.xml");
        if (Files.isRegularFile(custom)) {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(custom.toFile());
                return null;
            } catch (JoranException e) {
                context.reset();
                configureDefault(context, logs, level);
                return custom + " is not a valid Logback configuration (" + e.getMessage() + "); using the default logging";
            }
        }
        configureDefault(context, logs, level);
        return null;
    }

    private static void configureDefault(LoggerContext context, Path logs, String level) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context));
        console.start();

        RollingFileAppender<ILoggingEvent> file = new OwnerOnlyFileAppender();
        file.setContext(context);
        file.setName("file");
        file.setFile(logs.resolve(LOG_FILE).toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(logs.resolve("orrery.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("1GB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder(context));
        file.start();

        // who changed what, through the API: a file of its own, kept longer
        RollingFileAppender<ILoggingEvent> audit = new OwnerOnlyFileAppender();
        audit.setContext(context);
        audit.setName("audit");
        audit.setFile(logs.resolve(AUDIT_FILE).toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> auditPolicy = new SizeAndTimeBasedRollingPolicy<>();
        auditPolicy.setContext(context);
        auditPolicy.setParent(audit);
        auditPolicy.setFileNamePattern(logs.resolve("audit.%d{yyyy-MM}.%i.log.gz").toString());
        auditPolicy.setMaxFileSize(FileSize.valueOf("10MB"));
        auditPolicy.setMaxHistory(24);
        auditPolicy.start();
        audit.setRollingPolicy(auditPolicy);
        audit.setEncoder(encoder(context));
        audit.start();
        ch.qos.logback.classic.Logger auditLogger = context.getLogger(AUDIT_LOGGER);
        auditLogger.setLevel(Level.INFO);
        auditLogger.setAdditive(false);
        auditLogger.addAppender(audit);

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        root.addAppender(file);
        // Jetty announces every start and stop of its parts at info: keep its warnings only.
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // the HTTP service and the Web Console narrate their wiring at info; the launcher names the URLs
        context.getLogger("org.apache.felix.http").setLevel(Level.WARN);
        context.getLogger("org.apache.felix.webconsole").setLevel(Level.WARN);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    /** Flushes and closes the appenders. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
