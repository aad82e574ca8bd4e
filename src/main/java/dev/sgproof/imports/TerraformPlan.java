package dev.sgproof.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two sides of one {@code terraform show -json} plan (alibaba-inputs.md sections 5-6): the
 * state before ({@code prior_state}, in the state form) and the state the plan leads to ({@code
 * planned_values}), each imported by {@link TerraformImporter} into spec text, so that both are
 * judged exactly like specs. A plan without {@code prior_state}, or whose prior state has no
 * values (nothing applied yet), has an empty network before.
 */
public final class TerraformPlan {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TerraformPlan() {}

  /** The spec texts before and after; throws {@link ImportException} when malformed. */
  public static String[] sides(Account before, Account after, String file, String text) {
    JsonAt root = Json.parse(file, text);
    if (!root.isObject()) {
      throw root.error("expected a JSON object (terraform show -json output of a plan), found "
          + root.kind());
    }
    if (root.get("planned_values").isAbsent()) {
      throw root.error("not a plan (no planned_values): give the output of terraform show -json"
          + " PLANFILE");
    }
    String prior = "";
    JsonAt state = root.get("prior_state");
    if (state.isPresent() && !(state.isObject() && state.get("values").isAbsent())) {
      if (!state.isObject()) {
        throw state.error("expected an object (the state before the plan), found " + state.kind());
      }
      try {
        prior = new TerraformImporter(before).read(file + " (prior_state)",
            MAPPER.writeValueAsString(state.node()));
      } catch (JsonProcessingException e) {
        throw state.error("cannot be read: " + e.getOriginalMessage());
      }
    }
    String planned = new TerraformImporter(after).read(file, text);
    return new String[] {prior, planned};
  }
}
