package dev.touchflow.replies.understand;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address a reply points to: the first email address in the reply's own text that is not the
 * sender's, nor one of ours (the touch's sender, our unsubscribe mailbox). Read from the new text
 * only, so an address in the quoted original or the signature is not taken for a referral.
 */
public final class Referrals {

    /** As {@link Addresses#ADDRESS}, bounded so it runs in linear time whatever the text. */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,126}[A-Za-z]{2,63}");

    private Referrals() {}

    public static Optional<String> find(String freshText, String senderAddress, String... ours) {
        String sender = senderAddress == null ? "" : senderAddress.toLowerCase(Locale.ROOT);
        Matcher matcher = ADDRESS.matcher(freshText == null ? "" : freshText);
        while (matcher.find()) {
            String address = matcher.group().toLowerCase(Locale.ROOT).replaceAll("[.]+$", "");
            if (address.equals(sender) || Arrays.stream(ours).anyMatch(address::equalsIgnoreCase)) {
                continue;
            }
            return Optional.of(address);
        }
        return Optional.empty();
    }
}
