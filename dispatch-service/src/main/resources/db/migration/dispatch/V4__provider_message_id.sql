-- What the provider called the message: the SMTP server's acceptance reply (its queue id), or a
-- channel provider's id.
ALTER TABLE sales_send_queue ADD COLUMN provider_message_id text;
