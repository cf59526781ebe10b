package dev.touchflow.drafting.render;

import com.samskivert.mustache.DefaultCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders a step's Mustache template with the merge variables. A variable outside a section
 * with no value is never rendered blank or as {@code {{name}}}: it shows as
 * {@code [missing: name]} and is reported, so the draft is held for a person.
 */
public final class TemplateRendering {

    /**
     * Templates are written by editors, so they read only the values given to them: a name is looked
     * up in the map of merge variables and nowhere else. jmustache's default collector would also call
     * getters and fields by reflection ({@code {{company.class.classLoader}}}); this one never does.
     */
    private static final Mustache.Collector VALUES_ONLY = new DefaultCollector() {
        @Override
        public Mustache.VariableFetcher createFetcher(Object context, String name) {
            return context instanceof Map<?, ?> ? super.createFetcher(context, name) : null;
        }
    };

    private static final Mustache.Compiler COMPILER =
            Mustache.compiler().escapeHTML(false).defaultValue("").withCollector(VALUES_ONLY);

    private TemplateRendering() {}

    public static Rendered render(String template, Map<String, ?> variables) {
        if (template == null) {
            return new Rendered(null, Set.of());
        }
        Template compiled = COMPILER.compile(template);
        Set<String> missing = new LinkedHashSet<>();
        compiled.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {}

            @Override
            public void visitVariable(String name) {
                Object value = variables.get(name);
                if (value == null || value.toString().isBlank()) {
                    missing.add(name);
                }
            }

            @Override
            public boolean visitInclude(String name) {
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                return false;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return false;
            }
        });
        Map<String, Object> shown = new HashMap<>(variables);
        missing.forEach(name -> shown.put(name, "[missing: " + name + "]"));
        return new Rendered(compiled.execute(shown), missing);
    }

    /** The rendered text and the names of variables that had no value. */
    public record Rendered(String text, Set<String> missing) {}
}
