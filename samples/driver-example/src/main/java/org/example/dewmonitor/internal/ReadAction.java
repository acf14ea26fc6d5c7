package org.example.dewmonitor.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.ActionProperties;
import org.orrery.task.TaskParameterException;
import org.osgi.service.component.annotations.Component;

/** {@code dewmonitor.read}: what a dew monitor measures now, and whether it is safe. */
@Component(service = Action.class)
@ActionProperties(name = ReadAction.NAME, safeToRerun = true)
public final class ReadAction extends DewMonitorAction {

    public static final String NAME = "dewmonitor.read";

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "device": {"type": "string", "description": "Device id of the dew monitor; default: the first by id."}
              },
              "additionalProperties": false
            }""";

    public ReadAction() {
        super(NAME, "Reads a dew monitor: temperature, humidity, dew point and whether it is safe.", SCHEMA);
    }

    @Override
    public CompletionStage<Map<String, Object>> execute(ActionContext context) throws TaskParameterException {
        return CompletableFuture.completedFuture(Monitors.reading(Monitors.require(monitors, context.parameters())));
    }
}
