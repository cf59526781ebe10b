-- Timers planned before planned_at existed get their fire time as their plan, so every running
-- timer has a full firing-order key and a drain can continue after the last one it claimed.
UPDATE timers SET planned_at = fire_at WHERE planned_at IS NULL AND fire_at IS NOT NULL;
