package dev.touchflow.local.issuer;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import tools.jackson.core.type.TypeReference;

/**
 * The people who sign in at the local issuer (to the console), kept in a JSON file ({@code people.json}):
 * the name, the hash of their password (never the password), their roles and clients. Read on every
 * sign-in, so {@code ./touchflow person add} takes effect without a restart.
 */
public final class People implements UserDetailsService {

    /** One person as the file keeps them. */
    public record Person(String name, String passwordHash, List<String> roles, List<String> clients) {}

    private final JsonListFile<Person> file;

    public People(Path file) {
        this.file = new JsonListFile<>(file, new TypeReference<>() {});
    }

    /** Adds (or replaces) a person with a new random password; returns the password, shown once and never stored. */
    public String add(String name, List<String> roles, List<String> clients) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        List<Person> people = new ArrayList<>(file.read());
        people.removeIf(person -> person.name().equals(name));
        people.add(new Person(
                name,
                PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password),
                List.copyOf(roles),
                List.copyOf(clients)));
        file.write(people);
        return password;
    }

    public Optional<Person> find(String name) {
        return file.read().stream().filter(person -> person.name().equals(name)).findFirst();
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        return find(name)
                .map(person -> User.withUsername(person.name())
                        .password(person.passwordHash())
                        .roles()
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no person " + name));
    }
}
