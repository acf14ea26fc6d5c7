package org.orrery.sequence;

import java.util.Map;

/**
 * A template (seed 000's TaskGenerator): a sequence document with declared parameters and
 * {@code ${…}} references.
 *
 * @param name its name, e.g. {@code BasicExposure}
 * @param description what it makes, for people
 * @param source where it comes from: {@code builtin:<bundle>} or {@code file:<path>}
 * @param parameterSchema the JSON schema (draft 2020-12) of its parameters, as text
 * @param document the template document itself, in Orrery's value model
 */
public record TemplateInfo(String name, String description, String source, String parameterSchema,
        Map<String, Object> document) {
}
