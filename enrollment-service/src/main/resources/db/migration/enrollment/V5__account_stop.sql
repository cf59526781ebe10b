-- A campaign version may ask for an account-level stop: a person's reply pauses their colleagues
-- (same company id, or same company email domain) in that campaign too.
ALTER TABLE campaign_versions ADD COLUMN account_stop boolean NOT NULL DEFAULT false;
