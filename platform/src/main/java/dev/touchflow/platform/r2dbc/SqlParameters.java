package dev.touchflow.platform.r2dbc;

import java.util.List;
import org.springframework.r2dbc.core.Parameter;

/** Parameters the services' queries share. */
public final class SqlParameters {

    private SqlParameters() {}

    /**
     * A {@code text[]} parameter, or a typed null for {@code :values::text[] IS NULL OR … = ANY(:values)}:
     * how a caller's client filter ({@code Caller.clientFilter}, null for every client) reaches a query.
     */
    public static Parameter textArray(List<String> values) {
        return Parameter.fromOrEmpty(values == null ? null : values.toArray(String[]::new), String[].class);
    }
}
