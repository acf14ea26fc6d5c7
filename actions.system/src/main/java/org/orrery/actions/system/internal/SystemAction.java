package org.orrery.actions.system.internal;

import org.orrery.actions.params.DeclaredAction;
import org.orrery.actions.params.ParameterSchema;

/** What the built-in actions share besides their declarations: none has an effect a second run would repeat. */
abstract class SystemAction extends DeclaredAction {

    SystemAction(String name, String description, ParameterSchema parameters) {
        super(name, description, parameters);
    }

    @Override
    public final boolean safeToRerun() {
        return true;
    }
}
