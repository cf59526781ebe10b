package dev.touchflow.platform.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Names Jakarta Mail's stream provider (Angus Mail's) in the system property Jakarta Mail reads
 * first, where Angus Mail is on the class path and nothing named one yet. Without it, Jakarta Mail
 * 2.1 looks the provider up with a {@code ServiceLoader} scan of every jar each time it builds or
 * writes a message part (jakartaee/mail-api#699): in a campaign launch that scan was about a tenth of
 * the JVM's CPU (docs/benchmarks.md). The property is the JVM's, so one service sets it for all that
 * share the JVM (the local runner's mail sink too).
 */
public class MailStreamProvider implements EnvironmentPostProcessor {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(PROPERTY) == null && ClassUtils.isPresent(ANGUS, application.getClassLoader())) {
            System.setProperty(PROPERTY, ANGUS);
        }
    }
}
