-- Enrollments that must send nothing more: paused (until resumed) or exited (for good). Approvals and
-- enrollment events arrive on different topics, in no set order: an approval that arrives after its
-- enrollment paused or exited is cancelled with this reason, never sent.
CREATE TABLE enrollment_holds (
    enrollment_id uuid        PRIMARY KEY,
    reason        text        NOT NULL,
    final         boolean     NOT NULL,
    held_at       timestamptz NOT NULL
);
