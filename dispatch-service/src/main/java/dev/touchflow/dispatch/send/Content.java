package dev.touchflow.dispatch.send;

/**
 * What a person approved to go out, exactly as approved.
 *
 * @param toId        the recipient: an email address, a phone number, a profile
 * @param contentHash the hash of subject and body the approval was signed over
 */
public record Content(String toId, String contactName, String subject, String body, String contentHash) {}
