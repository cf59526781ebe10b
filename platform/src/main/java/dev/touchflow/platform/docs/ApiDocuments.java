package dev.touchflow.platform.docs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.touchflow.platform.security.Caller;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every service's OpenAPI 3.1 document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}, both
 * public: they describe the API and hold no data): the bearer-token scheme every call needs, and the
 * problem+json answers every call may give (400 naming the fields, 401, 403, 404, 409).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ApiDocuments {

    static final String BEARER = "bearer";

    static {
        // a Caller comes from the bearer token, never from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private static final Map<String, String> REFUSALS = Map.of(
            "400", "Invalid: `errors` names each field at fault",
            "401", "No valid bearer token",
            "403", "The token's roles do not allow this call",
            "404", "Not there, or another client's",
            "409", "The object's state does not allow this now");

    @Bean
    OpenAPI touchflowApi(@Value("${spring.application.name}") String service) {
        return new OpenAPI()
                .info(new Info()
                        .title("Touchflow " + service)
                        .version("v1")
                        .description("Every call carries a bearer token from the identity provider; what it may do is "
                                + "its roles', and what it sees its clients'."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** The bodies' fields as the API writes them: snake_case, as Touchflow's JSON is. */
    @Bean
    ModelResolver touchflowSnakeCase() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    /** Each operation answers its refusals as problem+json, besides what it documents itself. */
    @Bean
    OpenApiCustomizer touchflowProblems() {
        return api ->
                api.getPaths().values().forEach(path -> path.readOperations().forEach(ApiDocuments::refusals));
    }

    private static void refusals(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        REFUSALS.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType("application/problem+json", new MediaType().schema(problem()))));
            }
        });
        operation.setResponses(responses);
    }

    @SuppressWarnings("rawtypes")
    private static Schema problem() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new ObjectSchema()
                                        .addProperty("field", new StringSchema())
                                        .addProperty("message", new StringSchema())));
    }
}
