-- A send that starts a new thread instead of replying in its enrollment's thread.
ALTER TABLE sales_send_queue ADD COLUMN new_thread boolean NOT NULL DEFAULT false;
