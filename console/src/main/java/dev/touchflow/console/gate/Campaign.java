package dev.touchflow.console.gate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A campaign a booked meeting can be routed to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Campaign(
        String slug, String name, @JsonProperty("client_id") String clientId, String status) {}
