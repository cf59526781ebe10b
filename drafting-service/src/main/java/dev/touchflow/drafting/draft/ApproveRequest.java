package dev.touchflow.drafting.draft;

import jakarta.validation.constraints.Size;

/** A person's yes, optionally with final edits to subject and body. */
record ApproveRequest(@Size(max = 200) String approvedBy, @Size(max = 150) String subject, String body) {

    static ApproveRequest empty() {
        return new ApproveRequest(null, null, null);
    }
}
