package dev.touchflow.testkit;

import dev.touchflow.embedded.TcpProxy;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points one service's Spring context at the shared test broker, a fresh database of its own, the test issuer and approval keys. */
public final class ServiceUnderTest {

    private ServiceUnderTest() {}

    public static void register(DynamicPropertyRegistry registry, String service) {
        register(registry, service, null);
    }

    /**
     * As above, with the service's database connections (not its migrations) going through a proxy the
     * test can cut, as if PostgreSQL stopped; {@code null} for none. The proxy's upstream is
     * {@link TestInfrastructure#postgresAddress()}.
     */
    public static void register(DynamicPropertyRegistry registry, String service, TcpProxy databaseProxy) {
        TestInfrastructure infra = TestInfrastructure.get();
        String database = infra.newDatabase(service.replace('-', '_'));
        registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add(
                "spring.r2dbc.url",
                () -> databaseProxy == null
                        ? infra.r2dbcUrl(database)
                        : "r2dbc:postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
        registry.add("spring.r2dbc.username", infra::user);
        registry.add("spring.r2dbc.password", infra::password);
        registry.add("spring.flyway.url", () -> infra.jdbcUrl(database));
        registry.add("spring.flyway.user", infra::user);
        registry.add("spring.flyway.password", infra::password);
        TestIdentity.register(registry);
        TestApprovalKeys.register(registry);
        registry.add("touchflow.profile", () -> "local");
    }
}
