package org.orrery.web.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.orrery.agent.AgentState;

import com.fasterxml.jackson.databind.JsonNode;

/** The OpenAPI document describes the agents' JSON exactly as {@link AgentApiJson} writes it. */
class AgentOpenApiTest {

    private static final JsonNode SCHEMAS = SequenceOpenApiTest.DOC.at("/components/schemas");

    @Test
    void theAgentSchemasHaveTheFieldsWritten() {
        JsonNode agent = AgentApiJson.agent(FakeAgents.info("gpu-1", AgentState.ONLINE));
        assertEquals(SequenceOpenApiTest.names(agent), SequenceOpenApiTest.names(SCHEMAS.at("/Agent/properties")));
        assertEquals(SequenceOpenApiTest.names(agent.get("metrics")),
                SequenceOpenApiTest.names(SCHEMAS.at("/AgentMetrics/properties")));
        JsonNode claimed = AgentApiJson.leases(List.of(FakeAgents.lease("t1")));
        assertEquals(SequenceOpenApiTest.names(claimed.get("tasks").get(0)),
                SequenceOpenApiTest.names(SCHEMAS.at("/ClaimedTasks/properties/tasks/items/properties")));
        assertEquals(SequenceOpenApiTest.names(AgentApiJson.lease(FakeAgents.lease("t1"))),
                SequenceOpenApiTest.names(SCHEMAS.at("/LeaseRenewal/properties")));
        JsonNode minimal = AgentApiJson.withLeases(AgentApiJson.reported(FakeAgents.lease("t1").task()), List.of());
        assertEquals(SequenceOpenApiTest.names(minimal), SequenceOpenApiTest.names(SCHEMAS.at("/MinimalReportedTask/properties")));
        JsonNode batch = AgentApiJson.reported(List.of(new org.orrery.agent.Agents.Outcome("t1", FakeAgents.lease("t1").task(),
                null), new org.orrery.agent.Agents.Outcome("t2", null, new org.orrery.agent.AgentException(
                        org.orrery.agent.AgentException.Reason.LEASE_LOST, "lost"))), List.of());
        assertEquals(SequenceOpenApiTest.names(batch), SequenceOpenApiTest.names(SCHEMAS.at("/ReportsAnswer/properties")));
        Set<String> itemFields = new java.util.TreeSet<>(SequenceOpenApiTest.names(batch.at("/reports/0")));
        itemFields.addAll(SequenceOpenApiTest.names(batch.at("/reports/1")));
        assertEquals(itemFields, SequenceOpenApiTest.names(SCHEMAS.at("/ReportsAnswer/properties/reports/items/properties")));
        assertEquals(SequenceOpenApiTest.names(batch.at("/reports/1/refused")),
                SequenceOpenApiTest.names(SCHEMAS.at("/ReportsAnswer/properties/reports/items/properties/refused/properties")));
        Set<String> states = new java.util.TreeSet<>();
        for (AgentState s : AgentState.values()) {
            states.add(s.id());
        }
        assertEquals(states, SequenceOpenApiTest.texts(SCHEMAS.at("/AgentState/enum")));
    }

    @Test
    void theRemovalTakesTheWaitParameterOnly() {
        assertEquals(Set.of("wait"), SequenceOpenApiTest.queryParameters(SequenceOpenApiTest.path("/agents/{id}").path("delete")));
    }
}
