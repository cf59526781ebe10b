package dev.touchflow.console.security;

import java.security.Principal;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What every page shows or needs: who is signed in, and the CSRF token for its forms' hidden field. */
@ControllerAdvice
class PageModel {

    @ModelAttribute("person")
    Mono<String> person(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Principal::getName);
    }

    @ModelAttribute("csrf")
    Mono<CsrfToken> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }
}
