package dev.touchflow.platform.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A verified bearer token and the {@link Caller} its claims describe. */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final transient Jwt token;
    private final Caller caller;

    public CallerAuthentication(Jwt token, Caller caller) {
        super(caller.roles().stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList());
        this.token = token;
        this.caller = caller;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.name();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && caller.equals(that.caller) && token.equals(that.token);
    }

    @Override
    public int hashCode() {
        return List.of(caller, token.getTokenValue()).hashCode();
    }
}
