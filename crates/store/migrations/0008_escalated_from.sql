-- Where a case was when it was escalated, so resolving the escalation returns it there.
ALTER TABLE cases ADD COLUMN escalated_from TEXT;
