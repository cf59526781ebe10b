package dev.touchflow.drafting.draft;

import dev.touchflow.drafting.check.CheckResult;
import java.util.List;

/**
 * What the checks found in a draft's current version.
 *
 * @param problems the details of the checks that failed
 * @param notes    what its maker noted for the person deciding
 */
public record Checked(List<String> problems, List<CheckResult> checks, List<String> notes) {

    static final Checked NOT_YET = new Checked(List.of(), List.of(), List.of());
}
