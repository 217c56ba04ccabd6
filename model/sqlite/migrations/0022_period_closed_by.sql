-- Who closed a period's collection by hand, for the tracker: «chiusa il
-- 01/02/2021 da carla». Empty while open, or for a period that closed by
-- its date.
ALTER TABLE periods ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';
