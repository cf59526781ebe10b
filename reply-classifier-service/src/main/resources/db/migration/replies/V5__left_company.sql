-- An automatic reply that says the person has left the company; the bounce's status code
ALTER TABLE received_messages ADD COLUMN left_company boolean NOT NULL DEFAULT false;
ALTER TABLE received_messages ADD COLUMN bounce_status text;
