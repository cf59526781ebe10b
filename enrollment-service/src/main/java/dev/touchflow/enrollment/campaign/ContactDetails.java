package dev.touchflow.enrollment.campaign;

import dev.touchflow.schemas.common.Contact;

/** A contact as upstream systems describe it; {@code companyId} is the CRM's id of their company, when known. */
public record ContactDetails(
        String id,
        String email,
        String firstName,
        String lastName,
        String company,
        String title,
        String linkedinUrl,
        String timezone,
        String companyId) {

    public Contact toAvro() {
        return Contact.newBuilder()
                .setId(id)
                .setEmail(email)
                .setFirstName(firstName)
                .setLastName(lastName)
                .setCompany(company)
                .setTitle(title)
                .setLinkedinUrl(linkedinUrl)
                .setTimezone(timezone)
                .setCompanyId(companyId)
                .build();
    }

    public static ContactDetails fromAvro(Contact contact) {
        return new ContactDetails(
                contact.getId(),
                contact.getEmail(),
                contact.getFirstName(),
                contact.getLastName(),
                contact.getCompany(),
                contact.getTitle(),
                contact.getLinkedinUrl(),
                contact.getTimezone(),
                contact.getCompanyId());
    }
}
