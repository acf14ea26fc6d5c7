package org.orrery.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;

class FirstLoggingTest {

    @Test
    void logsToTheConsoleAndEndsLogbacksSearch() {
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new FirstLogging().configure(context));
        List<Object> appenders = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        assertEquals(1, appenders.size());
        assertTrue(appenders.get(0) instanceof ConsoleAppender<?>);
    }

    @Test
    void leavesAConfigurationFileNamedOnTheCommandLineToLogback() {
        String before = System.getProperty(FirstLogging.CONFIGURATION_FILE_PROPERTY);
        System.setProperty(FirstLogging.CONFIGURATION_FILE_PROPERTY, "/somewhere/logback.xml");
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new FirstLogging().configure(new LoggerContext()));
        } finally {
            if (before == null) {
                System.clearProperty(FirstLogging.CONFIGURATION_FILE_PROPERTY);
            } else {
                System.setProperty(FirstLogging.CONFIGURATION_FILE_PROPERTY, before);
            }
        }
    }

    @Test
    void isWhatLogbackFindsAsAService() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + Configurator.class.getName())) {
            assertEquals(FirstLogging.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
