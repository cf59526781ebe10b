-- Who changed what, when: every state change a person or an agent made through the API, in the same
-- transaction as the change. Read through GET /api/v1/audit, scoped to the caller's clients.
CREATE TABLE audit_trail (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    action       text        NOT NULL,
    client_id    text,
    subject_type text        NOT NULL,
    subject_id   text        NOT NULL,
    detail       jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_trail_subject ON audit_trail (subject_type, subject_id, id);
CREATE INDEX audit_trail_client ON audit_trail (client_id, id);
