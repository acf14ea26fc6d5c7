package org.orrery.actions.params;

import org.orrery.task.Action;
import org.orrery.task.ActionContext;
import org.orrery.task.TaskParameterException;

/**
 * An action whose parameters are declared once as a {@link ParameterSchema}: it answers its name,
 * its description and the schema written from the declarations, and reads a task's parameters
 * against the same declarations.
 */
public abstract class DeclaredAction implements Action {

    private final String name;
    private final String description;
    private final ParameterSchema parameters;
    private final String schema;

    protected DeclaredAction(String name, String description, ParameterSchema parameters) {
        this.name = name;
        this.description = description;
        this.parameters = parameters;
        this.schema = parameters.json();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final String parameterSchema() {
        return schema;
    }

    /** Checks the task's parameters against the declarations the schema was written from. */
    public final Parameters read(ActionContext context) throws TaskParameterException {
        return parameters.read(context.parameters());
    }
}
