package dev.touchflow.console.security;

import java.net.URI;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** Web clients for the services that send the signed-in person's access token, refreshed as it expires. */
@Component
public class AsThePerson {

    private final ServerOAuth2AuthorizedClientExchangeFilterFunction token;

    AsThePerson(ReactiveOAuth2AuthorizedClientManager clients) {
        this.token = new ServerOAuth2AuthorizedClientExchangeFilterFunction(clients);
        this.token.setDefaultOAuth2AuthorizedClient(true);
    }

    /** A client for the service at this URL. */
    public WebClient client(URI service) {
        return WebClient.builder().baseUrl(service.toString()).filter(token).build();
    }
}
