package org.orrery.actions.system.internal;

import org.orrery.actions.params.ParameterSchema;
import org.orrery.task.Action;

/**
 * What the built-in actions share: a name, a line of description, the schema written from their
 * parameter declarations, and re-run safety (none of them has an effect a second run would
 * repeat).
 */
abstract class SystemAction implements Action {

    private final String name;
    private final String description;
    private final String schema;

    SystemAction(String name, String description, ParameterSchema parameters) {
        this.name = name;
        this.description = description;
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

    @Override
    public final boolean safeToRerun() {
        return true;
    }
}
