package dev.touchflow.enrollment.gate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** A person's routing decision: which campaigns, with what goal and notes. */
record RouteRequest(
        @NotEmpty List<@NotBlank String> campaigns,

        @Pattern(
                regexp = "awareness|pipeline|credibility|marketing_relief",
                message = "must be one of awareness, pipeline, credibility, marketing_relief")
        String goal,

        String notes) {}
