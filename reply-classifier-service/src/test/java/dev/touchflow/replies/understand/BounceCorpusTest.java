package dev.touchflow.replies.understand;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The bounce detector against 632 real messages from mail servers (sisimai's public collection),
 * read from {@code ../shared/data/bounces/} and never copied into the project. Prints what it found.
 */
class BounceCorpusTest {

    private static final Path CORPUS = SharedData.folder("bounces").orElse(Path.of("shared", "data", "bounces"));

    @Test
    void realDeliveryFailuresComplaintsAndAutoRepliesAreToldApart() throws IOException {
        Assumptions.assumeTrue(
                Files.isDirectory(CORPUS.resolve("messages")),
                "SKIPPED: the bounce corpus is not at " + CORPUS.toAbsolutePath() + "; the evaluation did not run");
        List<Path> failures = files("messages", "lhost-", "rhost-", "rfc3464-");
        List<Path> complaints = files("messages", "arf-");
        List<Path> autoReplies = files("messages", "rfc3834-");
        List<Path> ordinary = files("not-bounces", "");

        int detected = 0;
        int withRecipient = 0;
        int hardOrSoft = 0;
        List<String> missed = new ArrayList<>();
        for (Path file : failures) {
            Optional<Bounce> bounce = BounceDetector.detect(RawMail.parse(Files.readAllBytes(file)));
            if (bounce.isPresent()) {
                detected++;
                withRecipient += bounce.get().recipient() == null ? 0 : 1;
                hardOrSoft += List.of("hard", "soft", "complaint")
                                .contains(bounce.get().kind())
                        ? 1
                        : 0;
            } else {
                missed.add(file.getFileName().toString());
            }
        }
        int complaintsFound = 0;
        int complaintsWithRecipient = 0;
        List<String> complaintsMissed = new ArrayList<>();
        for (Path file : complaints) {
            Optional<Bounce> bounce = BounceDetector.detect(RawMail.parse(Files.readAllBytes(file)));
            if (bounce.filter(b -> "complaint".equals(b.kind())).isPresent()) {
                complaintsFound++;
                complaintsWithRecipient += bounce.get().recipient() == null ? 0 : 1;
            } else {
                complaintsMissed.add(file.getFileName() + "=" + bounce.orElse(null));
            }
        }
        List<String> falseBounces = new ArrayList<>();
        for (Path file : Stream.concat(autoReplies.stream(), ordinary.stream()).toList()) {
            Optional<Bounce> bounce = BounceDetector.detect(RawMail.parse(Files.readAllBytes(file)));
            if (file.getFileName().toString().equals("rb-issue-368-bug.eml")) {
                // Filed under not-bounces, but it is a mail server's notice that the message was rejected
                // because the mailbox is full: a soft bounce, which must never suppress the address.
                assertThat(bounce).get().satisfies(b -> assertThat(b.kind()).isEqualTo("soft"));
            } else if (bounce.isPresent()) {
                falseBounces.add(file.getFileName().toString());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"delivery_failures\": %d, \"detected\": %d, \"with_recipient\": %d, "
                        + "\"complaints\": %d, \"complaints_found\": %d, \"not_bounces\": %d, \"false_bounces\": %s, "
                        + "\"missed\": %s, \"complaints_missed\": %s}%n",
                failures.size(),
                detected,
                withRecipient,
                complaints.size(),
                complaintsFound,
                autoReplies.size() + ordinary.size(),
                falseBounces,
                missed,
                complaintsMissed);

        assertThat(failures).hasSizeGreaterThan(600);
        assertThat(detected).as("delivery failures recognised").isGreaterThanOrEqualTo((int) (failures.size() * 0.97));
        assertThat(withRecipient).as("failed recipient found").isGreaterThanOrEqualTo((int) (detected * 0.95));
        assertThat(hardOrSoft).isEqualTo(detected);
        assertThat(complaintsFound)
                .as("feedback-loop reports and one-tap unsubscribes")
                .isEqualTo(complaints.size());
        assertThat(complaintsWithRecipient)
                .as("complaints naming the recipient")
                .isGreaterThanOrEqualTo(complaints.size() - 2);
        assertThat(falseBounces)
                .as("vacation notices and ordinary mail are never bounces")
                .isEmpty();
    }

    private static List<Path> files(String folder, String... prefixes) throws IOException {
        try (Stream<Path> listing = Files.list(CORPUS.resolve(folder))) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".eml"))
                    .filter(path ->
                            Stream.of(prefixes).anyMatch(path.getFileName().toString()::startsWith))
                    .sorted()
                    .toList();
        }
    }
}
