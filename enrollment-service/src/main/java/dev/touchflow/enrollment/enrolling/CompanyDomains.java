package dev.touchflow.enrollment.enrolling;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The company an email address speaks for, as far as its domain tells: none for the big free and
 * consumer mail providers, where two people with the same domain are not colleagues.
 */
final class CompanyDomains {

    private static final Set<String> PERSONAL = Set.of(
            "gmail.com",
            "googlemail.com",
            "yahoo.com",
            "yahoo.co.uk",
            "yahoo.de",
            "yahoo.fr",
            "yahoo.es",
            "yahoo.it",
            "ymail.com",
            "outlook.com",
            "hotmail.com",
            "hotmail.co.uk",
            "hotmail.de",
            "hotmail.fr",
            "hotmail.es",
            "hotmail.it",
            "live.com",
            "live.de",
            "live.fr",
            "msn.com",
            "icloud.com",
            "me.com",
            "mac.com",
            "aol.com",
            "gmx.de",
            "gmx.net",
            "gmx.at",
            "gmx.ch",
            "gmx.com",
            "web.de",
            "t-online.de",
            "freenet.de",
            "posteo.de",
            "mailbox.org",
            "proton.me",
            "protonmail.com",
            "pm.me",
            "tutanota.com",
            "zoho.com",
            "yandex.com",
            "yandex.ru",
            "mail.ru",
            "orange.fr",
            "wanadoo.fr",
            "free.fr",
            "laposte.net",
            "sfr.fr",
            "libero.it",
            "virgilio.it",
            "tiscali.it",
            "alice.it",
            "terra.com.br",
            "uol.com.br",
            "bol.com.br",
            "wp.pl",
            "o2.pl",
            "onet.pl",
            "interia.pl",
            "seznam.cz",
            "ziggo.nl",
            "kpnmail.nl",
            "telenet.be",
            "skynet.be",
            "bluewin.ch",
            "qq.com",
            "163.com",
            "126.com",
            "naver.com",
            "hey.com",
            "fastmail.com");

    private CompanyDomains() {}

    /** The address's domain in lower case, unless it belongs to a personal mail provider. */
    static Optional<String> of(String email) {
        if (email == null || email.indexOf('@') < 0) {
            return Optional.empty();
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
        return domain.isEmpty() || PERSONAL.contains(domain) ? Optional.empty() : Optional.of(domain);
    }
}
