package org.example.dewmonitor.internal;

import java.util.List;

import org.orrery.task.Action;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What this bundle's actions share: their name, description and parameter schema, and the dew
 * monitors of this bundle (bnd reads the {@code @Reference} here because bnd.bnd says
 * {@code -dsannotations-options.inherit: inherit}). Both only set or read a value, so both may
 * run again after a crash.
 */
abstract class DewMonitorAction implements Action {

    private final String name;
    private final String description;
    private final String schema;

    /** The dew monitors of this bundle, as they come and go with their configurations. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<DewMonitor> monitors = List.of();

    DewMonitorAction(String name, String description, String schema) {
        this.name = name;
        this.description = description;
        this.schema = schema;
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
