-- The reply a paused enrollment waits on: a reply that neither the rules nor the model could label holds
-- the contact's sequence until a person labels it; a label that asks nothing of the sequence resumes it.
ALTER TABLE campaign_contacts ADD COLUMN held_for_reply text;
