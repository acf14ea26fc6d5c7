package org.orrery.task;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * What the scheduler needs to know of an {@link Action} without running it, as service
 * properties of its DS component: {@value #NAME} and {@value #SAFE_TO_RERUN}. Put it beside
 * {@code @Component(service = Action.class)}, with the same constant the action's
 * {@link Action#name()} returns:
 *
 * <pre>
 * &#64;Component(service = Action.class)
 * &#64;ActionProperties(name = MountParkAction.NAME, safeToRerun = true)
 * public final class MountParkAction implements Action { ... }
 * </pre>
 *
 * <p>With them, the scheduler knows the action when its service is registered and gets the object
 * (DS activates the component, and what it references) only when a task needs it: a submission
 * checks its parameters, an attempt runs, {@code GET /actions} describes it. When it first gets
 * the object it checks that {@link Action#name()} and {@link Action#safeToRerun()} say what
 * the properties say; if they do not, the action is refused (logged as an error) until its
 * bundle is fixed. An action registered without these properties still works: the scheduler
 * then gets its object as soon as it appears.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ActionProperties {

    /**
     * The prefix of the properties' names. (DS maps an element's name to a property's: a single
     * {@code _} becomes a {@code .}, so the elements are camel case.)
     */
    String PREFIX_ = "action.";

    /** The service property holding {@link Action#name()}. */
    String NAME = "action.name";

    /** The service property holding {@link Action#safeToRerun()} (a Boolean). */
    String SAFE_TO_RERUN = "action.safeToRerun";

    /** {@link Action#name()}. */
    String name();

    /** {@link Action#safeToRerun()}. */
    boolean safeToRerun() default false;
}
