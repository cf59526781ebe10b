package dev.touchflow.drafting.compose;

import dev.touchflow.drafting.render.TemplateRendering;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The default way to draft: the step's subject and body templates rendered with the merge variables. */
public final class TemplateDrafting {

    private TemplateDrafting() {}

    public static Composition compose(DraftInputs inputs) {
        TemplateRendering.Rendered subject = TemplateRendering.render(inputs.subjectTemplate(), inputs.variables());
        TemplateRendering.Rendered body = TemplateRendering.render(inputs.bodyTemplate(), inputs.variables());
        Set<String> missing = new LinkedHashSet<>(subject.missing());
        missing.addAll(body.missing());
        return new Composition(subject.text(), body.text(), missing, "template", Map.of(), List.of());
    }

    /** The template's draft standing in for another way that failed, saying why. */
    public static Composition fallback(DraftInputs inputs, String why) {
        return compose(inputs).madeWith("fallback_reason", why).withNote(why + "; drafted from the template");
    }
}
