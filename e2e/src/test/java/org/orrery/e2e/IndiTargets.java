package org.orrery.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link IndiNightIT} and {@link IndiRainIT} share: an {@link IndiRig} whose wheel's slots 1 and
 * 8 are named R and L (as an observer names the filters of a real wheel), in a home without Orrery's
 * simulated instruments, so a target's tasks use the INDI devices; targets placed high at both sites;
 * sequences and their tasks through the API. A class registers it as a static extension
 * ({@code @RegisterExtension static final IndiTargets SKY = new IndiTargets("name")}): the rig starts
 * before the class's first test and stops after its last.
 *
 * <p>The INDI telescope simulator's site is latitude 0, longitude 0 (no configuration in its
 * scratch HOME); the runtime's sky site is the default, La Palma (28.76°, −17.88°). Targets are
 * placed on the meridian of the longitude halfway between, at the declination halfway between: more
 * than 70° high at both sites.
 */
final class IndiTargets implements BeforeAllCallback, AfterAllCallback {

    private static final double SKY_LONGITUDE = -17.8816;
    private static final double SKY_LATITUDE = 28.7606;
    /** Halfway between the INDI telescope simulator's site (0, 0) and the runtime's. */
    private static final double LONGITUDE = SKY_LONGITUDE / 2;
    /** The declination of a target high at both sites. */
    static final double DEC = SKY_LATITUDE / 2;

    private final String name;
    IndiRig rig;
    InstrumentApi api;

    /** @param name the start of the scratch home's folder name */
    IndiTargets(String name) {
        this.name = name;
    }

    /** indiserver with the five simulators (frames with stars) and the runtime, the wheel's R and L named. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        rig = IndiRig.start(name, true, false);
        api = rig.api;
        rig.setprop("Filter Simulator.FILTER_NAME.FILTER_SLOT_NAME_1;FILTER_SLOT_NAME_8=R;L");
        api.runtime.await("the wheel's slots are named R and L", Duration.ofSeconds(20), () -> {
            JsonNode names = rig.device(IndiRig.WHEEL).at("/values/filter_names");
            return names.path(0).asText().equals("R") && names.path(7).asText().equals("L");
        });
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (rig != null) {
            rig.close();
        }
    }

    /** The right ascension (hours, J2000 to within precession: far inside "high") on the chosen meridian now. */
    double meridianRa() {
        double skyLst = api.ok(api.call("GET", "/sky", null)).get("sidereal_time").asDouble();
        return ((skyLst + (LONGITUDE - SKY_LONGITUDE) / 15) % 24 + 24) % 24;
    }

    void awaitSafe() {
        api.runtime.await("the weather simulator is safe", Duration.ofSeconds(30),
                () -> rig.device(IndiRig.WEATHER).at("/values/safe").asBoolean());
    }

    String startSequence(String doc) {
        HttpResponse<String> made = api.call("POST", "/sequences?start=true", doc);
        assertEquals(201, made.statusCode(), made.body());
        return InstrumentApi.json(made).get("id").asText();
    }

    JsonNode sequence(String id) {
        return api.ok(api.call("GET", "/sequences/" + id, null));
    }

    /** The sequence's tasks whose ids start with {@code prefix}, by creation. */
    List<JsonNode> tasks(String id, String prefix) {
        List<JsonNode> tasks = new ArrayList<>();
        api.ok(api.call("GET", "/tasks?tag=sequence:" + id, null)).forEach(t -> {
            if (t.get("id").asText().startsWith(prefix)) {
                tasks.add(t);
            }
        });
        tasks.sort(Comparator.comparing(t -> Instant.parse(t.get("created_at").asText())));
        return tasks;
    }

    JsonNode task(String id, String taskId) {
        List<JsonNode> found = tasks(id, taskId);
        return found.stream().filter(t -> t.get("id").asText().equals(taskId)).findFirst().orElse(null);
    }
}
