package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.web.api.internal.Health.BundleFact;
import org.orrery.web.api.internal.Health.BundleStatus;
import org.orrery.web.api.internal.Health.ComponentFact;

class HealthTest {

    private static BundleFact bundle(String name, BundleStatus status) {
        return new BundleFact(name, "1.0.0", status, false, false);
    }

    private static ComponentFact component(String name, String state, String... missing) {
        return new ComponentFact(name, "org.orrery.x", state, List.of(missing));
    }

    @Test
    void readyWhenAllOrreryBundlesActiveAndComponentsSatisfied() {
        Health.Report report = Health.evaluate(
                List.of(bundle("org.orrery.auth", BundleStatus.ACTIVE), bundle("org.apache.felix.scr", BundleStatus.ACTIVE)),
                List.of(component("a", "ACTIVE"), component("b", "SATISFIED"), component("c", "WAITING_FOR_CONFIGURATION")));
        assertTrue(report.ready(), report.missing().toString());
        assertEquals(2, report.activeBundles());
        assertEquals(3, report.components());
    }

    @Test
    void orreryBundleNotActiveIsNamed() {
        Health.Report report = Health.evaluate(List.of(bundle("org.orrery.web.api", BundleStatus.RESOLVED)), List.of());
        assertFalse(report.ready());
        assertEquals(List.of("bundle org.orrery.web.api 1.0.0 is resolved, not active"), report.missing());
    }

    @Test
    void stoppedThirdPartyBundleIsNotAProblemButAnUnresolvedOneIs() {
        Health.Report report = Health.evaluate(List.of(bundle("com.example.driver", BundleStatus.RESOLVED),
                bundle("com.example.broken", BundleStatus.INSTALLED)), List.of());
        assertEquals(List.of("bundle com.example.broken 1.0.0 is not resolved (a requirement is missing)"), report.missing());
    }

    @Test
    void fragmentsAndLazyStartingBundlesAreFine() {
        Health.Report report = Health.evaluate(List.of(
                new BundleFact("org.orrery.fragment", "1", BundleStatus.RESOLVED, true, false),
                new BundleFact("org.orrery.lazy", "1", BundleStatus.STARTING, false, true)), List.of());
        assertTrue(report.ready(), report.missing().toString());
    }

    @Test
    void unsatisfiedComponentIsNamedWithItsMissingReference() {
        Health.Report report = Health.evaluate(List.of(),
                List.of(component("org.orrery.web.api.internal.ApiServletContext", "UNSATISFIED_REFERENCE",
                        "authenticator null")));
        assertFalse(report.ready());
        assertEquals(List.of("component org.orrery.web.api.internal.ApiServletContext of org.orrery.x is unsatisfied reference"
                + " (missing authenticator null)"), report.missing());
    }

    @Test
    void failedActivationIsNotReady() {
        assertFalse(Health.evaluate(List.of(), List.of(component("x", "FAILED_ACTIVATION"))).ready());
    }

    @Test
    void aSatisfiedSchedulerThatIsNotYetUsableIsNotReady() {
        Health.Report report = Health.evaluate(List.of(), List.of(), true, false);
        assertFalse(report.ready());
        assertEquals(1, report.missing().size());
        assertTrue(report.missing().get(0).startsWith("the scheduler is not running yet"), report.missing().toString());
    }

    @Test
    void withoutAStoreOnlyTheStoreIsNamed() {
        Health.Report report = Health.evaluate(List.of(bundle(Health.STORE_BUNDLE, BundleStatus.RESOLVED)), List.of(), false,
                false);
        assertTrue(report.missing().get(0).startsWith("store unavailable"), report.missing().toString());
        assertFalse(report.missing().stream().anyMatch(m -> m.startsWith("the scheduler")), report.missing().toString());
    }

    @Test
    void anActiveSequenceBundleWhoseServiceIsNotBoundYetIsNotReady() {
        List<BundleFact> bundles = List.of(bundle(Health.SEQUENCE_BUNDLE, BundleStatus.ACTIVE));
        Health.Report waiting = Health.evaluate(bundles, List.of(), true, true, false);
        assertFalse(waiting.ready());
        assertTrue(waiting.missing().get(0).contains("sequence service"), waiting.missing().toString());
        assertTrue(Health.evaluate(bundles, List.of(), true, true, true).ready());
        assertTrue(Health.evaluate(List.of(), List.of(), true, true, false).ready(), "no sequence bundle, nothing to wait for");
    }

    @Test
    void aFrameworkStillStartingIsNotReadyWhateverElseIsThere() {
        Health.Report ready = Health.evaluate(List.of(bundle("org.orrery.web.api", BundleStatus.ACTIVE)), List.of());
        assertTrue(ready.ready());
        Health.Report starting = ready.notReadyBecause(Health.FRAMEWORK_STARTING);
        assertFalse(starting.ready());
        assertEquals(Health.FRAMEWORK_STARTING, starting.missing().get(0));
        assertEquals(ready.activeBundles(), starting.activeBundles());
    }
}
