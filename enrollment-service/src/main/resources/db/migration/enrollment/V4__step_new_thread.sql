-- An email step may start a new thread instead of replying in the enrollment's thread.
ALTER TABLE campaign_steps ADD COLUMN new_thread boolean NOT NULL DEFAULT false;
